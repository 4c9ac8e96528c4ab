import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives back the memory start-up used and no longer needs. Building the app (routes, their
 * schemas and serializers, the modules' code) grows V8's young generation to its full size and
 * leaves the old one fragmented; V8 returns that only once its memory reducer has seen the process
 * idle for a while, which under steady light traffic may be never. One memory-reducing collection
 * (V8's "last resort" flavour: compact, then shrink the young generation) right after start-up
 * brings an idle HTTP worker from about 195 MB to about 135 MB resident (bench/README.md).
 *
 * The collector is reached through `--expose-gc` set at run time, which exposes `gc` to contexts
 * created afterwards; this process's own global is left as it was.
 */
export function releaseStartUpMemory(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
