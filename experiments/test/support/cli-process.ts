/** The CLI from source in a process of its own, for tests that kill it: node --import tsx --conditions=@hdr-lab/source cli-process.ts ARGS */
import { main } from '../../src/index.js';

process.exitCode = await main(process.argv.slice(2));
