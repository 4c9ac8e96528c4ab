// The `kheti` command run from source, for tests that start it as a real process.
import { run } from '../../src/cli.js';

// A test file the runner kills (its time limit, say) cannot stop the processes it started, which
// are then handed to init and keep running with their database and Redis keys. Each one therefore
// watches its parent and leaves when the parent is gone (cluster workers follow their primary).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000).unref();

await run();
