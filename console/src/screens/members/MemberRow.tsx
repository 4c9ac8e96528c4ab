import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { formatDate, t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import { type Member, TENANT_ROLES, type TenantRole } from './types';

interface Props {
  tenantId: string;
  member: Member;
  isSelf: boolean;
  /** After a change, with the words to announce. */
  onChanged: (announcement: string) => void;
}

/** A member, their role (changeable) and removal behind a confirmation. */
export function MemberRow({ tenantId, member, isSelf, onChanged }: Props) {
  const [role, setRole] = useState<TenantRole>(member.role);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const path = `/v1/tenants/${tenantId}/members/${member.userId}`;

  const run = async (action: () => Promise<void>, announcement: string) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
      onChanged(announcement);
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  };
  const changeRole = () =>
    run(
      async () => void (await api.patch(path, { body: { role } })),
      t('members.role.changed', { name: member.name, role: t(`members.role.${role}`) }),
    );
  const remove = () => run(() => api.delete(path), t('members.remove.done', { name: member.name }));

  const roleId = `role-${member.userId}`;
  return (
    <article class="card member" aria-labelledby={`member-${member.userId}`}>
      <h3 id={`member-${member.userId}`}>
        {member.name} {isSelf && <span class="tag">{t('members.you')}</span>}
      </h3>
      <p class="muted">
        {[member.email, member.phone].filter(Boolean).join(' · ')} · {t('members.since', { date: formatDate(member.since) })}
      </p>
      <div class="member-role">
        <label for={roleId}>{t('members.role.label')}</label>
        <select id={roleId} value={role} onChange={(e) => setRole(e.currentTarget.value as TenantRole)}>
          {TENANT_ROLES.map((option) => (
            <option key={option} value={option}>
              {t(`members.role.${option}`)}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy || role === member.role} onClick={() => void changeRole()}>
          {t('members.role.change')}
          <span class="visually-hidden">: {member.name}</span>
        </button>
      </div>
      {confirming ? (
        <div class="confirm">
          <p>{t('members.remove.confirm', { name: member.name })}</p>
          <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
            {t('members.remove.yes')}
          </button>
          {/* The button that opened this is gone: focus the safe choice so the keyboard stays here. */}
          <button type="button" ref={keep} disabled={busy} onClick={() => setConfirming(false)}>
            {t('members.remove.no')}
          </button>
        </div>
      ) : (
        <button type="button" class="danger-quiet" onClick={() => setConfirming(true)}>
          {t('members.remove.button')}
          <span class="visually-hidden">: {member.name}</span>
        </button>
      )}
      {problem !== undefined && <Problem problem={problem} />}
    </article>
  );
}
