import { useSession } from '../../auth/session';

/**
 * What the signed-in role may change, as src/auth/permissions.ts grants it, so the console offers
 * no button that can only end in 403: staff register and edit farmers; everyone but a viewer may
 * start and move applications (a farmer only their own, which Kheti's allowedTransitions says).
 */
export function useRights(): { editFarmers: boolean; moveApplications: boolean } {
  const session = useSession();
  const role = session.status === 'signedIn' ? session.role : 'viewer';
  return {
    editFarmers: role === 'tenant_admin' || role === 'agronomist' || role === 'platform_admin',
    moveApplications: role !== 'viewer',
  };
}
