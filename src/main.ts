// The bundle's entry: bin/crm imports this and calls run().
export { run } from './cli.js';
