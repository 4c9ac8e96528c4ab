import type { ComponentType } from 'preact';
import { useSession } from './auth/session';
import { useLang } from './i18n';
import { type RoutePattern, useRoute } from './router';
import { AlertsScreen } from './screens/alerts';
import { FarmersScreen } from './screens/farmers';
import { FarmerScreen } from './screens/farmers/farmer';
import { FieldScreen } from './screens/fields/field';
import { FieldsScreen } from './screens/fields';
import { MarketsScreen } from './screens/markets';
import { MembersScreen } from './screens/members';
import { NotFound } from './screens/NotFound';
import { SchemesScreen } from './screens/schemes';
import { SignIn } from './screens/SignIn';
import { Layout } from './ui/Layout';
import { Loading } from './ui/Loading';

/** Which screen each route shows; every pattern in router.ts must have one. Screens get the route's params. */
const SCREENS: Record<RoutePattern, ComponentType<{ params: Record<string, string> }>> = {
  '/fields': FieldsScreen,
  '/fields/:id': ({ params }) => <FieldScreen id={params.id!} />,
  '/farmers': FarmersScreen,
  '/farmers/:id': ({ params }) => <FarmerScreen id={params.id!} />,
  '/markets': MarketsScreen,
  '/schemes': SchemesScreen,
  '/alerts': AlertsScreen,
  '/members': MembersScreen,
};

export function App() {
  // Subscribing here re-renders the whole tree when the language changes, so screens can call t() freely.
  useLang();
  const session = useSession();
  const route = useRoute();
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'signedOut') return <SignIn problem={session.problem} />;
  const Screen = route.pattern ? SCREENS[route.pattern] : NotFound;
  return (
    <Layout role={session.role} userName={session.me.user.name}>
      <Screen params={route.params} />
    </Layout>
  );
}
