import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';

export type AsyncState<T> =
  | { status: 'loading'; data: undefined; problem: undefined }
  | { status: 'ok'; data: T; problem: undefined }
  | { status: 'error'; data: undefined; problem: unknown };

/**
 * Runs `load` when the component mounts and whenever `deps` change, aborting the previous run.
 * `reload()` runs it again (after a save, or from a Retry button).
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): AsyncState<T> & { reload: () => void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: undefined, problem: undefined });
  const [generation, setGeneration] = useState(0);
  // The caller's deps decide when to load again, like useEffect's own.
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading', data: undefined, problem: undefined });
    load(controller.signal).then(
      (data) => controller.signal.aborted || setState({ status: 'ok', data, problem: undefined }),
      (problem: unknown) => controller.signal.aborted || setState({ status: 'error', data: undefined, problem }),
    );
    return () => controller.abort();
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...state, reload };
}

/** GET a path of the API: `const fields = useApi<Page<Field>>('/v1/fields')` (loads again when the path changes). */
export function useApi<T>(path: string): AsyncState<T> & { reload: () => void } {
  return useAsync((signal) => api.get<T>(path, { signal }), [path]);
}
