import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

/** What the tests that run a PostgreSQL server of their own (replica.ts, postgres-server.ts) share. */

const run = promisify(execFile);
export const asRoot = process.getuid?.() === 0;

/** A command line, run as the postgres OS user when we are root. */
export const asPostgres = (command: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];

export async function runAsPostgres(command: string, args: string[], cwd: string) {
  const [file, argv] = asPostgres(command, args);
  try {
    return await run(file, argv, { cwd, timeout: 120_000 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`${command.split('/').pop()} failed: ${(stderr || stdout || (error as Error).message).trim()}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last lines of a server log, for an error message. */
export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
