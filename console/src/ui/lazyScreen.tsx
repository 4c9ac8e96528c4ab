import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../api/problem';
import { Loading } from './Loading';
import { Problem } from './Problem';

/** A screen whose code arrives with its own chunk; `preload()` starts the download before it is shown. */
export type LazyScreen<P> = ComponentType<P> & { preload(): Promise<void> };

/**
 * A screen loaded on demand, so the sign-in page and the shell do not wait for Leaflet or uPlot:
 * `lazyScreen(() => import('./screens/markets').then((m) => m.MarketsScreen))`. Vite makes a chunk of
 * each `import()`. Until the chunk is there the screen shows <Loading/>; once loaded, it renders at
 * once on every later visit. A chunk that does not arrive shows <Problem/> with a retry.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;

  const fetchScreen = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (screen) => (loaded = screen),
      (error: unknown) => {
        pending = undefined; // so that a retry asks for the chunk again
        throw error;
      },
    );
    return pending;
  };

  function Lazy(props: P) {
    const [screen, setScreen] = useState(() => loaded);
    const [failure, setFailure] = useState<unknown>();
    const [attempt, setAttempt] = useState(0);

    useEffect(() => {
      if (screen) return;
      let current = true;
      fetchScreen().then(
        (ready) => current && setScreen(() => ready),
        async (error: unknown) => {
          if (attempt > 0 && (await serverAnswers())) return location.reload();
          if (current) setFailure(error);
        },
      );
      return () => void (current = false);
    }, [attempt]);

    if (screen) {
      const Screen = screen;
      return <Screen {...props} />;
    }
    if (failure !== undefined) {
      const retry = () => {
        setFailure(undefined);
        setAttempt(attempt + 1);
      };
      return <Problem problem={ApiProblem.network(failure)} onRetry={retry} />;
    }
    return <Loading />;
  }

  return Object.assign(Lazy, {
    preload: () =>
      fetchScreen().then(
        () => undefined,
        () => undefined, // a prefetch that fails is retried when the screen is shown, which reports it
      ),
  });
}

/**
 * After a retry fails too: if Kheti answers, the network is fine and the chunk itself is missing
 * (a deploy replaced the hashed files, or the browser keeps the failed module), so only a reload
 * helps: it fetches the new page naming the new files, and the session survives it. If Kheti does
 * not answer, the user is offline and reloading would only lose the page.
 */
async function serverAnswers(): Promise<boolean> {
  try {
    return (await fetch('/console-config.json', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}
