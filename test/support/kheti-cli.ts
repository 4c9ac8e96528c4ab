// The `kheti` command run from source, for tests that start it as a real process.
import { run } from '../../src/cli.js';

await run();
