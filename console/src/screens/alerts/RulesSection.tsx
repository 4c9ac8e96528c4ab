import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t } from '../../i18n';
import { Empty } from '../../ui/Empty';
import { Loading } from '../../ui/Loading';
import { Problem } from '../../ui/Problem';
import { useAsync } from '../../ui/useApi';
import type { Commodity } from '../markets/commodities';
import { RuleForm } from './RuleForm';
import { channelsText, ruleSummary, ruleTitle } from './rule-text';
import type { AlertRule, Page } from './types';

/** Rules are few per organisation; one page shows them all. */
const RULES_PAGE = 200;

/** The organisation's alert rules: the list, and for staff the delete buttons and the form to make one. */
export function RulesSection({
  canManage,
  commodities,
  fields,
}: {
  canManage: boolean;
  commodities: Commodity[];
  fields: { id: string; name: string }[];
}) {
  const rules = useAsync((signal) => api.get<Page<AlertRule>>(`/v1/alert-rules?limit=${RULES_PAGE}`, { signal }), []);
  const [confirming, setConfirming] = useState<string>();
  const [problem, setProblem] = useState<unknown>();
  const [message, setMessage] = useState('');
  const context = {
    commodities: new Map(commodities.map((c) => [c.code, c])),
    fieldNames: new Map(fields.map((f) => [f.id, f.name])),
  };

  const remove = async (rule: AlertRule) => {
    setProblem(undefined);
    try {
      await api.delete(`/v1/alert-rules/${rule.id}`);
      setConfirming(undefined);
      setMessage(t('alerts.deleted', { name: ruleTitle(rule) }));
      rules.reload();
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <section class="alerts-section" aria-labelledby="rules-heading">
      <h2 id="rules-heading">{t('alerts.rules')}</h2>
      <p class="alerts-message" role="status">
        {message}
      </p>
      {problem !== undefined && <Problem problem={problem} />}
      {rules.status === 'loading' && <Loading />}
      {rules.status === 'error' && <Problem problem={rules.problem} onRetry={rules.reload} />}
      {rules.status === 'ok' && rules.data.items.length === 0 && (
        <Empty>
          <p>{t('alerts.rulesEmpty')}</p>
        </Empty>
      )}
      {rules.status === 'ok' && rules.data.items.length > 0 && (
        <ul class="rule-list">
          {rules.data.items.map((rule) => (
            <li key={rule.id} class="rule-item">
              <div>
                <h3>{rule.name ?? t('alerts.unnamed')}</h3>
                <p>{ruleSummary(rule, context)}</p>
                <p class="rule-channels">{channelsText(rule)}</p>
              </div>
              {canManage &&
                (confirming === rule.id ? (
                  <ConfirmDelete name={ruleTitle(rule)} onConfirm={() => void remove(rule)} onCancel={() => setConfirming(undefined)} />
                ) : (
                  <button
                    type="button"
                    aria-label={t('alerts.deleteNamed', { name: ruleTitle(rule) })}
                    onClick={() => setConfirming(rule.id)}
                  >
                    {t('alerts.delete')}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        <RuleForm
          commodities={commodities}
          fields={fields}
          onCreated={(rule) => {
            setMessage(t('alerts.created', { name: ruleTitle(rule) }));
            rules.reload();
          }}
        />
      ) : (
        <p class="state">{t('alerts.readOnly')}</p>
      )}
    </section>
  );
}

/** Asks before deleting; takes the keyboard's focus, since the Delete button pressed is gone. */
function ConfirmDelete({ name, onConfirm, onCancel }: { name: string; onConfirm: () => void; onCancel: () => void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div class="rule-confirm">
      <p>{t('alerts.confirmDelete', { name })}</p>
      <button type="button" class="danger" onClick={onConfirm}>
        {t('alerts.confirmDeleteYes')}
      </button>
      <button type="button" ref={cancel} onClick={onCancel}>
        {t('alerts.cancel')}
      </button>
    </div>
  );
}
