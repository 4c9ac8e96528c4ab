import { v7 as uuidv7 } from 'uuid';
import { tenantSettings } from '../../auth/index.js';
import type { Config } from '../../config.js';
import type { Crypto } from '../../infra/crypto.js';
import type { Db, Tx } from '../../infra/db/index.js';
import type { EventBus } from '../../infra/events/index.js';
import type { AlertRuleRow } from '../markets/index.js';
import { raiseEvent } from '../realtime/index.js';
import { farmerContacts } from '../registry/index.js';
import { insertFiredAlert, insertNotification } from './repository.js';
import { insertSms, lockFarmerDay, smsCountOfDay } from './sms-repository.js';
import type { AlertText, Language } from './texts.js';

/**
 * Firing an alert: in the rule's tenant transaction, the alert is stored once per (rule, subject,
 * period) — a second run or a second worker meets the unique key and does nothing more — then one
 * notification per recipient (each with a `notification.created` event), an SMS row per farmer
 * recipient when the rule asks for sms, and one `alert.<kind>` event carrying the rule's channels
 * for the webhooks. All of it commits together or not at all. SMS rows are sent after the commit
 * (sms.ts).
 */

export interface AlertDeps {
  db: Db;
  events: EventBus;
  crypto: Crypto;
  config: Pick<Config, 'env' | 'alertSms'>;
  logger?: { warn(obj: object, msg: string): void };
}

export interface Alert {
  rule: AlertRuleRow;
  /** What it is about: a field id, a market's price series. */
  subject: string;
  /** When: a scene's date, a risk's day and kind, an arrival date. */
  period: string;
  /** The field it is about, whose farmer the `farmer` recipient is. */
  field?: { id: string; name: string; farmerId: string };
  /** What the alert.<kind> event and each notification carry (ids, values). */
  data: Record<string, unknown>;
  text: AlertText;
}

export interface Fired {
  alertId: string;
  notifications: number;
  sms: number;
}

interface Recipient {
  key: string;
  userId: string | null;
  farmerId: string | null;
  language: Language;
  phone: string | null;
}

/** The day in India, which the daily SMS limit counts by. */
const indiaDay = (now: Date) => new Date(now.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 10);

async function recipientsOf(tx: Tx, deps: AlertDeps, alert: Alert): Promise<Recipient[]> {
  const settings = await tenantSettings(tx);
  const fallback: Language = settings?.defaultLanguage === 'hi' ? 'hi' : 'en';
  const recipients: Recipient[] = [];
  if (alert.rule.recipients.includes('farmer') && alert.field) {
    const farmer = (await farmerContacts(tx, deps.crypto, [alert.field.farmerId])).get(alert.field.farmerId);
    if (farmer) {
      recipients.push({
        key: `farmer:${farmer.id}`,
        userId: farmer.userId,
        farmerId: farmer.id,
        language: farmer.language ?? fallback,
        phone: farmer.phone,
      });
    }
  }
  const creator = alert.rule.created_by;
  // The creator who is also the farmer is notified once, as the farmer.
  if (alert.rule.recipients.includes('creator') && creator && !recipients.some((r) => r.userId === creator)) {
    recipients.push({ key: `user:${creator}`, userId: creator, farmerId: null, language: fallback, phone: null });
  }
  return recipients;
}

/** Why an SMS is not sent, or null to send it. */
async function smsRefusal(tx: Tx, deps: AlertDeps, to: Recipient, day: string, templateId: string | undefined): Promise<string | null> {
  if (!to.phone) return 'no_phone';
  const { alertSms } = deps.config;
  if (deps.config.env === 'production' && !(alertSms.dltSenderId && templateId)) return 'dlt_not_configured';
  await lockFarmerDay(tx, to.farmerId!, day);
  if ((await smsCountOfDay(tx, to.farmerId!, day)) >= alertSms.perFarmerPerDay) return 'daily_limit';
  return null;
}

/** Fires the alert unless it fired before; undefined then. */
export async function fireAlert(deps: AlertDeps, alert: Alert, now = new Date()): Promise<Fired | undefined> {
  const { rule } = alert;
  const kind = rule.kind;
  return deps.db.tenant(rule.tenant_id, async (tx) => {
    const alertId = uuidv7();
    const data = { ...alert.data, alertId, ruleId: rule.id, ruleName: rule.name, subject: alert.subject, period: alert.period };
    const fresh = await insertFiredAlert(tx, {
      id: alertId,
      tenantId: rule.tenant_id,
      ruleId: rule.id,
      kind,
      subject: alert.subject,
      period: alert.period,
      data,
    });
    if (!fresh) return undefined;

    const type = `alert.${kind}`;
    const day = indiaDay(now);
    // Only the kinds that may go by SMS have a DLT template.
    const templateId = kind === 'crop_health_drop' || kind === 'weather_risk' ? deps.config.alertSms.dltTemplates[kind] : undefined;
    let notifications = 0;
    let sms = 0;
    for (const to of await recipientsOf(tx, deps, alert)) {
      const id = uuidv7();
      const title = alert.text.title[to.language];
      const body = alert.text.body[to.language];
      const stored = await insertNotification(tx, {
        id,
        tenantId: rule.tenant_id,
        alertId,
        recipient: to.key,
        userId: to.userId,
        farmerId: to.farmerId,
        type,
        language: to.language,
        title,
        body,
        data,
      });
      if (!stored) continue;
      notifications += 1;
      await raiseEvent(
        deps,
        {
          tenantId: rule.tenant_id,
          type: 'notification.created',
          farmerId: to.farmerId,
          data: { notificationId: id, type, title, body, userId: to.userId, farmerId: to.farmerId, alertId, ruleId: rule.id },
        },
        tx,
      );
      const text = alert.text.sms?.[to.language];
      if (rule.channels.includes('sms') && to.farmerId && text) {
        const refusal = await smsRefusal(tx, deps, to, day, templateId);
        await insertSms(tx, {
          id: uuidv7(),
          tenantId: rule.tenant_id,
          notificationId: id,
          farmerId: to.farmerId,
          day,
          messageType: kind,
          text,
          status: refusal ? 'skipped' : 'pending',
          reason: refusal,
          dltTemplateId: templateId ?? null,
          dltSenderId: deps.config.alertSms.dltSenderId ?? null,
        });
        if (refusal === 'dlt_not_configured') {
          deps.logger?.warn(
            { ruleId: rule.id, messageType: kind },
            'alert SMS not sent: SMS_DLT_SENDER_ID and its DLT template id are not set',
          );
        }
        if (!refusal) sms += 1;
      }
    }
    await raiseEvent(
      deps,
      { tenantId: rule.tenant_id, type, farmerId: alert.field?.farmerId ?? null, data: { ...data, channels: rule.channels } },
      tx,
    );
    return { alertId, notifications, sms };
  });
}
