/**
 * Progress of a long command, on stderr: on a terminal a bar redrawn in place, otherwise (a log, a
 * pipe, CI) a plain line when the first unit is done, then at most one every `lineEveryMs`, and one
 * at the end, each with the counts and an estimate of the time left. Small own code rather than a
 * progress-bar package: one line of text redrawn with a carriage return is all a bar needs here.
 */

/** What the reporter writes to: a terminal stream says `isTTY` and its width in `columns`. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  label: string;
  /** The unit counted, plural ("days"). */
  unit: string;
  total: number;
  stream: ProgressStream;
  lineEveryMs?: number;
  now?: () => number;
}

export interface ProgressReporter {
  /** `done` whole units of `total`, and `percent` of the work (finer than the units). */
  update(done: number, percent: number): void;
  /** Writes the final state (and ends the bar's line). */
  finish(): void;
}

const BAR_WIDTH = 24;
/** A terminal is redrawn at most this often. */
const REDRAW_MS = 100;

/** 42 s, 3 min 05 s, 1 h 02 min: as a person reads a wait. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const lineEveryMs = options.lineEveryMs ?? 10_000;
  const started = now();
  let done = 0;
  let percent = 0;
  let lastWritten: number | undefined;
  let lastDoneWritten = 0;

  const counts = () => `${done}/${options.total} ${options.unit} (${Math.floor(percent)}%)`;
  const eta = () => {
    if (percent >= 100) return `done in ${formatDuration(now() - started)}`;
    if (percent <= 0) return 'ETA unknown';
    const elapsed = now() - started;
    return `ETA ${formatDuration((elapsed * (100 - percent)) / percent)}`;
  };
  const bar = () => {
    const filled = Math.round((Math.min(100, percent) / 100) * BAR_WIDTH);
    const text = `${options.label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${counts()} ${eta()}`;
    // \x1b[K clears what a longer previous line left; a line wider than the terminal would wrap.
    return `\r${text.slice(0, Math.max(20, (options.stream.columns ?? 80) - 1))}\x1b[K`;
  };

  return {
    update(nextDone, nextPercent) {
      done = Math.max(done, Math.min(options.total, nextDone));
      percent = Math.max(percent, Math.min(100, nextPercent));
      const t = now();
      if (options.stream.isTTY) {
        if (lastWritten === undefined || t - lastWritten >= REDRAW_MS) {
          options.stream.write(bar());
          lastWritten = t;
        }
        return;
      }
      if (done > lastDoneWritten && (lastWritten === undefined || t - lastWritten >= lineEveryMs)) {
        options.stream.write(`${options.label}: ${counts()}, ${eta()}\n`);
        lastWritten = t;
        lastDoneWritten = done;
      }
    },
    finish() {
      done = options.total;
      percent = 100;
      options.stream.write(options.stream.isTTY ? `${bar()}\n` : `${options.label}: ${counts()}, ${eta()}\n`);
    },
  };
}
