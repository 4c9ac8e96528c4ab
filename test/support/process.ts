import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('./kheti-cli.ts', import.meta.url));
/** The kheti processes a test starts never leave the machine either. */
const LOOPBACK_GUARD = new URL('./loopback-guard.ts', import.meta.url).href;

export interface KhetiProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the base URL once the server logs that it is serving. */
  serving(timeoutMs?: number): Promise<string>;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts `kheti <args>` as a child process with exactly the given environment (plus PATH); `input`,
 * when given, is written to its stdin (otherwise stdin is closed, as for a process without a terminal).
 */
export function startKheti(args: string[], env: Record<string, string>, input?: string): KhetiProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', LOOPBACK_GUARD, CLI, ...args], {
    // Load shedding off: a busy CI machine must not turn a process test's probes into 503s.
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin!.end(input);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    serving(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const match = /"url\.full":"(https?:\/\/[^"]+)"/.exec(out);
          if (match) {
            clearInterval(poll);
            resolve(match[1]!);
          } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`kheti did not start serving (exit ${child.exitCode}):\n${out}\n${err}`));
          }
        }, 50);
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `kheti <args>` to completion. */
export async function runKheti(args: string[], env: Record<string, string>, input?: string) {
  const proc = startKheti(args, env, input);
  const code = await proc.exited;
  return { code, stdout: proc.stdout(), stderr: proc.stderr() };
}
