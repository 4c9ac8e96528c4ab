import { useEffect, useState } from 'preact/hooks';
import { useAsync } from '../ui/useApi';

/**
 * useAsync for answers that may be "pending" (202 with Retry-After): loads again after the server's
 * delay, as long as the component is mounted, until the answer is something else.
 */
export function usePolling<T extends { status: string }>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
  delayOf: (answer: T) => number | undefined,
) {
  const [attempt, setAttempt] = useState(0);
  const state = useAsync(load, [...deps, attempt]);
  const delay = state.status === 'ok' ? delayOf(state.data) : undefined;
  useEffect(() => {
    if (delay === undefined) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), delay * 1000);
    return () => clearTimeout(timer);
  }, [state.data, delay]);
  return state;
}
