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
 * once on every later visit. A chunk that does not arrive because a deploy replaced it reloads the page
 * into the new version; one that does not arrive because the user is offline shows <Problem/> with a retry.
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
          if (!current) return; // the user has moved on: nothing to report, nothing to reload for
          // The first failure may reload by itself; after that only when the user asks again (Try again).
          if (await reloadForNewVersion(attempt > 0)) return;
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

const RELOADED_AT = 'kheti.reloadedForMissingChunk';

/**
 * A chunk that does not arrive although Kheti answers is one a deploy has replaced (its hashed name is
 * gone): only a reload helps, which fetches the page naming the new files, keeps the route in the hash
 * and the session in storage (the browser may also keep the failed import, so importing again is not
 * enough). Not by itself twice within a minute, so a broken deploy shows <Problem/> instead of reloading
 * for ever. If Kheti does not answer, the user is offline and a reload would lose the page.
 */
async function reloadForNewVersion(userAsked: boolean): Promise<boolean> {
  const reloadedRecently = Date.now() - Number(sessionStorage.getItem(RELOADED_AT) ?? 0) < 60_000;
  if ((reloadedRecently && !userAsked) || !(await serverAnswers())) return false;
  sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  location.reload();
  return true;
}

async function serverAnswers(): Promise<boolean> {
  try {
    return (await fetch('/console-config.json', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}
