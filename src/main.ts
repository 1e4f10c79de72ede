// The bundle's entry: bin/crm imports this and calls run().
export { helpTexts, run } from './cli.js';
