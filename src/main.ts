// The bundle's entry: bin/crm imports this and calls run().
export { helpTexts, outputFailed, run } from './cli.js';
