import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { useSession } from './auth/session';
import { useLang } from './i18n';
import { type RoutePattern, useRoute } from './router';
import { NotFound } from './screens/NotFound';
import { SignIn } from './screens/SignIn';
import { Layout } from './ui/Layout';
import { Loading } from './ui/Loading';
import { type LazyScreen, lazyScreen } from './ui/lazyScreen';

type ScreenProps = { params: Record<string, string> };

/** The detail screens take the route's `:id`. */
const withId =
  (Screen: ComponentType<{ id: string }>) =>
  ({ params }: ScreenProps) => <Screen id={params.id!} />;

/**
 * Which screen each route shows; every pattern in router.ts must have one. Screens get the route's params.
 * Each area is its own chunk, fetched when first needed, so that the sign-in page and the shell load without
 * Leaflet or uPlot (see ui/lazyScreen.tsx); an `import()` must name its module literally for Vite to split it.
 */
const SCREENS: Record<RoutePattern, LazyScreen<ScreenProps>> = {
  '/fields': lazyScreen(() => import('./screens/fields').then((m) => m.FieldsScreen)),
  '/fields/:id': lazyScreen(() => import('./screens/fields/field').then((m) => withId(m.FieldScreen))),
  '/farmers': lazyScreen(() => import('./screens/farmers').then((m) => m.FarmersScreen)),
  '/farmers/:id': lazyScreen(() => import('./screens/farmers/farmer').then((m) => withId(m.FarmerScreen))),
  '/markets': lazyScreen(() => import('./screens/markets').then((m) => m.MarketsScreen)),
  '/schemes': lazyScreen(() => import('./screens/schemes').then((m) => m.SchemesScreen)),
  '/alerts': lazyScreen(() => import('./screens/alerts').then((m) => m.AlertsScreen)),
  '/members': lazyScreen(() => import('./screens/members').then((m) => m.MembersScreen)),
};

export function App() {
  // Subscribing here re-renders the whole tree when the language changes, so screens can call t() freely.
  useLang();
  const session = useSession();
  const route = useRoute();
  // The screen the user lands on (Fields by default) downloads while the session resumes or they type
  // their password, so on a slow network it is there, or nearly, once they are in.
  useEffect(() => {
    if (route.pattern) void SCREENS[route.pattern].preload();
  }, [route.pattern]);
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signedOut') return <SignIn problem={session.problem} />;
  const Screen = route.pattern ? SCREENS[route.pattern] : NotFound;
  return (
    <Layout role={session.role} userName={session.me.user.name}>
      <Screen params={route.params} />
    </Layout>
  );
}
