import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const asRoot = process.getuid?.() === 0;

/** Runs a command to its end; a non-zero exit throws with what it printed. */
export async function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; asPostgres?: boolean } = {}) {
  const [file, argv] = options.asPostgres && asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  try {
    return await exec(file, argv, { env: options.env ?? process.env, cwd: options.cwd, timeout: 180_000, maxBuffer: 16 << 20 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${(stderr || stdout || (error as Error).message).trim()}`);
  }
}

/**
 * Starts a long-running process that outlives this command: its own session (so a signal to its
 * group reaches its children, as for a `kheti serve` primary and its workers), output to a log.
 */
export function startDaemon(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; log: string; cwd?: string }): number {
  const out = openSync(options.log, 'a');
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error(`${command} did not start`);
  return child.pid;
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) is not alive for our purposes.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Signals a process (and its group, for processes we started in their own session), then waits for it to go. */
export async function stopProcess(pid: number, options: { signal?: NodeJS.Signals; group?: boolean; timeoutMs?: number } = {}) {
  const { signal = 'SIGTERM', group = false, timeoutMs = 30_000 } = options;
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(group ? -pid : pid, sig);
    } catch {
      // already gone
    }
  };
  send(signal);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    send('SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Waits until `check` passes; the error names what was awaited and the log to read. */
export async function waitFor(what: string, check: () => Promise<boolean>, options: { timeoutMs?: number; log?: string } = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${what} did not become ready${options.log ? `; its log (${options.log}) ends:\n${tail(options.log)}` : ''}`);
    }
    await sleep(200);
  }
}

export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export async function commandExists(name: string): Promise<boolean> {
  return exec('sh', ['-c', `command -v ${name}`]).then(
    () => true,
    () => false,
  );
}
