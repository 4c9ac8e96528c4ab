import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether Prometheus's `promtool` is on PATH; CI (.ci/run) installs Debian's `prometheus` for it. */
export async function promtoolAvailable(): Promise<boolean> {
  try {
    await run('promtool', ['--version']);
    return true;
  } catch {
    return false;
  }
}

export const PROMTOOL_MISSING =
  'promtool is not installed: install the Debian package `prometheus` (apt-get install prometheus), as .ci/run does';

/** Runs `promtool <args>`; resolves with its exit code and output instead of throwing on failure. */
export async function promtool(args: string[], cwd?: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') throw new Error(PROMTOOL_MISSING);
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
