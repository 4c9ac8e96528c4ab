import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import type { Invitation } from './types';

/** Invitations not yet accepted, each revocable; the others are history the audit log keeps. */
export function InvitationList({
  tenantId,
  invitations,
  onChanged,
}: {
  tenantId: string;
  invitations: Invitation[];
  onChanged: () => void;
}) {
  const [problem, setProblem] = useState<unknown>();
  const pending = invitations.filter((invitation) => invitation.status === 'pending');
  const revoke = async (id: string) => {
    setProblem(undefined);
    try {
      await api.delete(`/v1/tenants/${tenantId}/invitations/${id}`);
      onChanged();
    } catch (caught) {
      setProblem(caught);
    }
  };
  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">{t('members.invitations.title', { count: pending.length })}</h2>
      {pending.length === 0 && <p class="state">{t('members.invitations.none')}</p>}
      <ul class="member-list">
        {pending.map((invitation) => (
          <li key={invitation.id} class="card member">
            <p>
              <strong>{invitation.name ?? invitation.email ?? invitation.phone}</strong>{' '}
              {invitation.name && (invitation.email ?? invitation.phone)}
            </p>
            <p class="muted">
              {t(`members.role.${invitation.role}`)} · {t('members.invitations.expires', { date: formatDate(invitation.expiresAt) })}
            </p>
            <button type="button" class="danger-quiet" onClick={() => void revoke(invitation.id)}>
              {t('members.invitations.revoke')}
              <span class="visually-hidden">: {invitation.email ?? invitation.phone}</span>
            </button>
          </li>
        ))}
      </ul>
      {problem !== undefined && <Problem problem={problem} />}
    </section>
  );
}
