/** At most this many lookups at once: a tenant's many fields never become a request storm. */
export const CONCURRENT_LOOKUPS = 4;
/** The pause before looking again at fields whose NDVI is still missing… */
export const FIRST_PAUSE_MS = 12_000;
/** …which grows while nothing changes, up to this bound, and returns to the first pause as soon as answers come. */
export const LONGEST_PAUSE_MS = 60_000;
const PAUSE_GROWTH = 1.5;

interface LookUpWhileMissing {
  /** The fields to look up now: never looked up yet, or still worth another look. */
  due: () => string[];
  lookUp: (id: string) => Promise<void>;
  /** Aborted when the screen goes away: no more lookups, no timer left behind. */
  signal: AbortSignal;
}

async function inPool(ids: string[], lookUp: (id: string) => Promise<void>, signal: AbortSignal): Promise<void> {
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !signal.aborted; id = queue.shift()) await lookUp(id);
  };
  await Promise.all(Array.from({ length: CONCURRENT_LOOKUPS }, worker));
}

/**
 * Looks up every due field now, then again those still due after a pause, until none is left. Nothing is
 * asked while the tab is hidden (a phone in a pocket, a tab in the background); coming back looks at once.
 */
export function lookUpWhileMissing({ due, lookUp, signal }: LookUpWhileMissing): void {
  let pause = FIRST_PAUSE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let looking = false;

  const round = async () => {
    timer = undefined;
    looking = true;
    const before = due();
    await inPool(before, lookUp, signal);
    looking = false;
    const left = due().length;
    if (signal.aborted || left === 0) return;
    // Answers coming in mean the analyses are moving: keep the pace. Otherwise ask less and less often.
    pause = left < before.length ? FIRST_PAUSE_MS : Math.min(pause * PAUSE_GROWTH, LONGEST_PAUSE_MS);
    if (document.visibilityState === 'visible') timer = setTimeout(round, pause);
  };

  const onVisibilityChange = () => {
    if (document.visibilityState !== 'visible') {
      clearTimeout(timer);
      timer = undefined;
    } else if (!looking && timer === undefined && due().length > 0) {
      pause = FIRST_PAUSE_MS;
      void round();
    }
  };

  document.addEventListener('visibilitychange', onVisibilityChange);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibilityChange);
  });
  void round();
}
