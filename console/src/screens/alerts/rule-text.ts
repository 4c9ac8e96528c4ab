import { formatNumber, type MessageKey, t } from '../../i18n';
import { type Commodity, commodityName } from '../markets/commodities';
import type { AlertRule } from './types';

export interface RuleContext {
  commodities: Map<string, Commodity>;
  fieldNames: Map<string, string>;
}

/** The rule's own name, else what it watches. */
export const ruleTitle = (rule: AlertRule): string => rule.name ?? t(`alerts.kind.${rule.kind}` as MessageKey);

/** One plain sentence of what the rule watches, in the reader's language. */
export function ruleSummary(rule: AlertRule, context: RuleContext): string {
  if (rule.kind === 'price') {
    const commodity = rule.commodity ? context.commodities.get(rule.commodity) : undefined;
    const condition = t(`alerts.rule.${rule.condition ?? 'above'}` as MessageKey, {
      price: formatNumber(rule.thresholdInrPerQuintal ?? 0),
    });
    const text = t('alerts.rule.price', { commodity: commodity ? commodityName(commodity) : (rule.commodity ?? ''), condition });
    const place = [rule.district, rule.state].filter(Boolean).join(', ');
    return place ? `${text} ${t('alerts.rule.where', { place })}` : text;
  }
  const scope = rule.fieldId
    ? t('alerts.rule.scopeField', { name: context.fieldNames.get(rule.fieldId) ?? '…' })
    : rule.farmId
      ? t('alerts.rule.scopeFarm')
      : t('alerts.rule.scopeAll');
  const what =
    rule.kind === 'crop_health_drop'
      ? t('alerts.rule.drop', { drop: formatNumber(rule.ndviDrop ?? 0) })
      : rule.kind === 'weather_risk'
        ? (rule.risks ?? []).map((risk) => t(`alerts.risk.${risk}` as MessageKey)).join(', ')
        : t('alerts.kind.job_finished');
  return `${what} · ${scope}`;
}

export const channelsText = (rule: AlertRule): string =>
  t('alerts.rule.channels', { channels: rule.channels.map((c) => t(`alerts.channelName.${c}` as MessageKey)).join(', ') });
