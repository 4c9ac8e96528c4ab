import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { isAdmin, useSession } from '../../auth/session';
import { t } from '../../i18n';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import type { Page } from '../farmers/types';
import { InvitationList } from './InvitationList';
import { InviteForm } from './InviteForm';
import { MemberRow } from './MemberRow';
import type { Invitation, Member } from './types';
// Members share the farmers' list and form styles.
import '../../styles/farmers.css';

/** #/members (tenant admins): who belongs to the organisation with which role, and who is invited. */
export function MembersScreen() {
  const session = useSession();
  const tenantId = session.status === 'signedIn' ? session.tenantId : null;
  const admin = session.status === 'signedIn' && isAdmin(session.role);
  const [notice, setNotice] = useState('');
  const loaded = useAsync(
    async (signal) => {
      if (!tenantId || !admin) return undefined;
      const [members, invitations] = await Promise.all([
        allPages<Member>(`/v1/tenants/${tenantId}/members`, signal),
        allPages<Invitation>(`/v1/tenants/${tenantId}/invitations`, signal),
      ]);
      return { members, invitations };
    },
    [tenantId, admin],
  );

  if (!admin || !tenantId) {
    return (
      <>
        <h1>{t('nav.members')}</h1>
        <p>{t('members.adminOnly')}</p>
      </>
    );
  }
  const selfId = session.status === 'signedIn' ? session.me.user.id : '';
  return (
    <>
      <h1>{t('nav.members')}</h1>
      <p class="visually-hidden" role="status">
        {notice}
      </p>
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">
          {loaded.status === 'ok' && loaded.data
            ? t('members.list.title', { count: loaded.data.members.length })
            : t('members.list.heading')}
        </h2>
        {loaded.status === 'loading' && <Loading />}
        {loaded.status === 'error' && <Problem problem={loaded.problem} onRetry={loaded.reload} />}
        {loaded.status === 'ok' && loaded.data && (
          <ul class="member-list">
            {loaded.data.members.map((member) => (
              <li key={member.userId}>
                <MemberRow
                  tenantId={tenantId}
                  member={member}
                  isSelf={member.userId === selfId}
                  onChanged={(text) => {
                    setNotice(text);
                    loaded.reload();
                  }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* Outside the loaded lists, so the token it shows survives their reload. */}
      <section aria-labelledby="invite-heading" class="card">
        <h2 id="invite-heading">{t('members.invite.title')}</h2>
        <InviteForm tenantId={tenantId} onInvited={loaded.reload} />
      </section>
      {loaded.status === 'ok' && loaded.data && (
        <InvitationList tenantId={tenantId} invitations={loaded.data.invitations} onChanged={loaded.reload} />
      )}
    </>
  );
}

/** Every page of a list (an organisation has tens of members, not thousands). */
async function allPages<T>(path: string, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(`${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { signal });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
