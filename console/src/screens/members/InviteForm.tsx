import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import { errorFor, FormField, unplacedProblem } from '../farmers/form';
import { type InvitationCreated, TENANT_ROLES, type TenantRole } from './types';

/**
 * Invites a person by email or phone with a role. Nobody joins until they accept: a phone gets the
 * invitation by SMS; for an email Kheti has no mail sender, so it answers the token this once and
 * the admin passes it on.
 */
export function InviteForm({ tenantId, onInvited }: { tenantId: string; onInvited: () => void }) {
  const [by, setBy] = useState<'email' | 'phone'>('email');
  const [contact, setContact] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<TenantRole>('agronomist');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [sent, setSent] = useState<InvitationCreated>();

  const submit = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSent(undefined);
    try {
      const body = { [by]: contact.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) };
      setSent(await api.post<InvitationCreated>(`/v1/tenants/${tenantId}/members`, { body }));
      setContact('');
      setName('');
      onInvited();
    } catch (caught) {
      setProblem(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="invite-form" onSubmit={submit} noValidate>
      <fieldset class="inline-choice">
        <legend>{t('members.invite.by')}</legend>
        {(['email', 'phone'] as const).map((option) => (
          <label key={option}>
            <input type="radio" name="invite-by" value={option} checked={by === option} onChange={() => setBy(option)} />{' '}
            {t(`members.invite.by.${option}`)}
          </label>
        ))}
      </fieldset>
      <FormField id="invite-contact" label={t(`members.invite.${by}`)} error={errorFor(problem, `body.${by}`) ?? errorFor(problem, 'body')}>
        {(aria) =>
          by === 'email' ? (
            <input {...aria} type="email" value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
          ) : (
            <input {...aria} type="tel" value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
          )
        }
      </FormField>
      <FormField id="invite-name" label={t('members.invite.name')} error={errorFor(problem, 'body.name')}>
        {(aria) => <input {...aria} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
      </FormField>
      <FormField id="invite-role" label={t('members.role.label')} error={errorFor(problem, 'body.role')}>
        {(aria) => (
          <select {...aria} value={role} onChange={(e) => setRole(e.currentTarget.value as TenantRole)}>
            {TENANT_ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`members.role.${option}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {problem !== undefined && unplacedProblem(problem, ['body']) !== undefined && <Problem problem={problem} />}
      <button type="submit" class="primary" disabled={busy}>
        {t('members.invite.submit')}
      </button>
      {sent && (
        <div class="notice" role="status">
          {sent.delivery === 'sms' ? (
            <p>{t('members.invite.sms', { phone: sent.phone ?? '' })}</p>
          ) : (
            <>
              <p>{t('members.invite.token', { email: sent.email ?? '' })}</p>
              <p>
                <code class="token">{sent.token}</code>
              </p>
            </>
          )}
        </div>
      )}
    </form>
  );
}
