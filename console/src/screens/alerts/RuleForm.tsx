import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem, api } from '../../api/client';
import { type MessageKey, t } from '../../i18n';
import { Problem } from '../../ui/Problem';
import type { Commodity } from '../markets/commodities';
import { CommoditySelect } from '../markets/CommoditySelect';
import {
  ALERT_KINDS,
  type AlertKind,
  type AlertRule,
  PRICE_CONDITIONS,
  type PriceCondition,
  WEATHER_RISKS,
  type WeatherRisk,
} from './types';

/** The inputs the form shows, named as the body's properties so a 422's `body.<name>` finds its input. */
type Input =
  | 'kind'
  | 'name'
  | 'commodity'
  | 'condition'
  | 'thresholdInrPerQuintal'
  | 'state'
  | 'district'
  | 'fieldId'
  | 'ndviDrop'
  | 'risks'
  | 'channels'
  | 'recipients';
const INPUTS: Input[] = [
  'kind',
  'name',
  'commodity',
  'condition',
  'thresholdInrPerQuintal',
  'state',
  'district',
  'fieldId',
  'ndviDrop',
  'risks',
  'channels',
  'recipients',
];

interface Draft {
  kind: AlertKind;
  name: string;
  commodity: string;
  condition: PriceCondition;
  threshold: string;
  state: string;
  district: string;
  fieldId: string;
  ndviDrop: string;
  risks: WeatherRisk[];
  sms: boolean;
  webhook: boolean;
  notifyFarmer: boolean;
}

const EMPTY: Draft = {
  kind: 'price',
  name: '',
  commodity: '',
  condition: 'above',
  threshold: '',
  state: '',
  district: '',
  fieldId: '',
  ndviDrop: '0.1',
  risks: [...WEATHER_RISKS],
  sms: false,
  webhook: false,
  notifyFarmer: false,
};

/** The request body of POST /v1/alert-rules: only the properties of the chosen kind (Kheti refuses the others). */
function bodyOf(draft: Draft): Record<string, unknown> {
  const number = (text: string) => (text.trim() === '' ? undefined : Number(text.replace(',', '.')));
  const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());
  const channels = ['inbox', ...(draft.sms ? ['sms'] : []), ...(draft.webhook ? ['webhook'] : [])];
  const common = { kind: draft.kind, name: optional(draft.name), channels };
  if (draft.kind === 'price') {
    return {
      ...common,
      commodity: optional(draft.commodity),
      condition: draft.condition,
      thresholdInrPerQuintal: draft.condition === 'below_msp' ? undefined : number(draft.threshold),
      state: optional(draft.state),
      district: optional(draft.district),
    };
  }
  return {
    ...common,
    fieldId: optional(draft.fieldId),
    ndviDrop: draft.kind === 'crop_health_drop' ? number(draft.ndviDrop) : undefined,
    risks: draft.kind === 'weather_risk' ? draft.risks : undefined,
    recipients: draft.notifyFarmer ? ['creator', 'farmer'] : undefined,
  };
}

/** Creates an alert rule; a 422's reasons appear beside the inputs they name. */
export function RuleForm({
  commodities,
  fields,
  onCreated,
}: {
  commodities: Commodity[];
  fields: { id: string; name: string }[];
  onCreated: (rule: AlertRule) => void;
}) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | unknown>();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const errors = problem instanceof ApiProblem ? problem.errors : [];
  const errorOf = (input: Input) => errors.find((e) => e.path === `body.${input}`)?.message;
  const unplaced = errors.filter((e) => !INPUTS.some((input) => e.path === `body.${input}`));

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setProblem(undefined);
    try {
      const rule = await api.post<AlertRule>('/v1/alert-rules', { body: bodyOf(draft) });
      setDraft({ ...EMPTY, kind: draft.kind });
      onCreated(rule);
    } catch (error) {
      setProblem(error);
    } finally {
      setSaving(false);
    }
  };

  const isPrice = draft.kind === 'price';
  return (
    <form class="card rule-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{t('alerts.newRule')}</h3>
      {problem !== undefined &&
        (errors.length > 0 ? (
          <div class="problem" role="alert">
            <p class="problem-title">{t('alerts.formProblem')}</p>
            {unplaced.length > 0 && (
              <ul>
                {unplaced.map((e) => (
                  <li key={e.path}>{e.message}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <Problem problem={problem} />
        ))}
      <Labelled id="rule-kind" label={t('alerts.kind')} error={errorOf('kind')}>
        {(props) => (
          <select {...props} value={draft.kind} onChange={(e) => set('kind', e.currentTarget.value as AlertKind)}>
            {ALERT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`alerts.kind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      <Labelled id="rule-name" label={t('alerts.name')} error={errorOf('name')}>
        {(props) => <input {...props} value={draft.name} maxLength={200} onInput={(e) => set('name', e.currentTarget.value)} />}
      </Labelled>
      {isPrice ? (
        <>
          <CommoditySelect
            id="rule-commodity"
            label={t('alerts.commodity')}
            items={commodities}
            value={draft.commodity}
            onChange={(code) => set('commodity', code)}
            {...(errorOf('commodity') ? { describedBy: 'rule-commodity-error' } : {})}
          />
          <FieldError id="rule-commodity-error" message={errorOf('commodity')} />
          <Labelled id="rule-condition" label={t('alerts.condition')} error={errorOf('condition')}>
            {(props) => (
              <select {...props} value={draft.condition} onChange={(e) => set('condition', e.currentTarget.value as PriceCondition)}>
                {PRICE_CONDITIONS.map((condition) => (
                  <option key={condition} value={condition}>
                    {t(`alerts.condition.${condition}` as MessageKey)}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          {draft.condition !== 'below_msp' && (
            <Labelled id="rule-threshold" label={t('alerts.threshold')} error={errorOf('thresholdInrPerQuintal')}>
              {(props) => (
                <input {...props} inputMode="decimal" value={draft.threshold} onInput={(e) => set('threshold', e.currentTarget.value)} />
              )}
            </Labelled>
          )}
          <Labelled id="rule-state" label={t('alerts.state')} error={errorOf('state')}>
            {(props) => <input {...props} value={draft.state} onInput={(e) => set('state', e.currentTarget.value)} />}
          </Labelled>
          <Labelled id="rule-district" label={t('alerts.district')} error={errorOf('district')}>
            {(props) => <input {...props} value={draft.district} onInput={(e) => set('district', e.currentTarget.value)} />}
          </Labelled>
        </>
      ) : (
        <>
          <Labelled id="rule-field" label={t('alerts.field')} error={errorOf('fieldId')}>
            {(props) => (
              <select {...props} value={draft.fieldId} onChange={(e) => set('fieldId', e.currentTarget.value)}>
                <option value="">{t('alerts.allFields')}</option>
                {fields.map((field) => (
                  <option key={field.id} value={field.id}>
                    {field.name}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          {draft.kind === 'crop_health_drop' && (
            <Labelled id="rule-ndvi" label={t('alerts.ndviDrop')} error={errorOf('ndviDrop')}>
              {(props) => (
                <input {...props} inputMode="decimal" value={draft.ndviDrop} onInput={(e) => set('ndviDrop', e.currentTarget.value)} />
              )}
            </Labelled>
          )}
          {draft.kind === 'weather_risk' && (
            <fieldset class="rule-choices" aria-describedby={errorOf('risks') ? 'rule-risks-error' : undefined}>
              <legend>{t('alerts.risks')}</legend>
              {WEATHER_RISKS.map((risk) => (
                <label key={risk} class="rule-choice">
                  <input
                    type="checkbox"
                    checked={draft.risks.includes(risk)}
                    onChange={(e) => set('risks', e.currentTarget.checked ? [...draft.risks, risk] : draft.risks.filter((r) => r !== risk))}
                  />
                  {t(`alerts.risk.${risk}` as MessageKey)}
                </label>
              ))}
              <FieldError id="rule-risks-error" message={errorOf('risks')} />
            </fieldset>
          )}
          <label class="rule-choice">
            <input type="checkbox" checked={draft.notifyFarmer} onChange={(e) => set('notifyFarmer', e.currentTarget.checked)} />
            {t('alerts.notifyFarmer')}
          </label>
          <FieldError id="rule-recipients-error" message={errorOf('recipients')} />
        </>
      )}
      <fieldset class="rule-choices" aria-describedby={errorOf('channels') ? 'rule-channels-error' : undefined}>
        <legend>{t('alerts.channels')}</legend>
        {!isPrice && (
          <label class="rule-choice">
            <input type="checkbox" checked={draft.sms} onChange={(e) => set('sms', e.currentTarget.checked)} />
            {t('alerts.channel.sms')}
          </label>
        )}
        <label class="rule-choice">
          <input type="checkbox" checked={draft.webhook} onChange={(e) => set('webhook', e.currentTarget.checked)} />
          {t('alerts.channel.webhook')}
        </label>
        <FieldError id="rule-channels-error" message={errorOf('channels')} />
      </fieldset>
      <button type="submit" class="primary" disabled={saving}>
        {saving ? t('alerts.saving') : t('alerts.create')}
      </button>
    </form>
  );
}

/** A visible label, the input, and the reason Kheti refused it right below, tied together for screen readers. */
function Labelled({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error: string | undefined;
  children: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  return (
    <div class="stack">
      <label for={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {}) })}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class="field-error">
      {message}
    </p>
  );
}
