import type { SmsSender } from '../../integrations/sms/index.js';
import { SmsError } from '../../integrations/sms/index.js';
import { farmerContacts } from '../registry/index.js';
import type { AlertDeps } from './fire.js';
import { claimSms, pendingSms, settleSms } from './sms-repository.js';

/**
 * Sends the pending alert SMS (fire.ts wrote them with their alerts): each is claimed first
 * (pending → sending), so two runs at once never send one twice, then settled as sent or failed.
 * A process that stops between the claim and the settling leaves it `sending`: at most once, as a
 * farmer would rather miss one alert than get it twice. The phone is read (and opened) only here.
 */
export async function sendPendingSms(deps: AlertDeps, sender: SmsSender, limit = 100): Promise<{ sent: number; failed: number }> {
  const pending = await deps.db.platform((tx) => pendingSms(tx, limit));
  let sent = 0;
  let failed = 0;
  for (const sms of pending) {
    const phone = await deps.db.tenant(sms.tenant_id, async (tx) => {
      if (!(await claimSms(tx, sms.id))) return undefined;
      return (await farmerContacts(tx, deps.crypto, [sms.farmer_id])).get(sms.farmer_id)?.phone ?? null;
    });
    if (phone === undefined) continue;
    let outcome: { status: 'sent' | 'failed'; reason: string | null };
    if (phone === null) {
      outcome = { status: 'failed', reason: 'no_phone' };
    } else {
      try {
        await sender.send(phone, sms.text, {
          ...(sms.dlt_template_id ? { dltTemplateId: sms.dlt_template_id } : {}),
          ...(sms.dlt_sender_id ? { dltSenderId: sms.dlt_sender_id } : {}),
        });
        outcome = { status: 'sent', reason: null };
      } catch (error) {
        const reason = error instanceof SmsError ? `${error.reason}: ${error.message}` : 'error';
        deps.logger?.warn({ smsId: sms.id, err: error instanceof Error ? error.message : String(error) }, 'alert SMS failed');
        outcome = { status: 'failed', reason: reason.slice(0, 300) };
      }
    }
    await deps.db.tenant(sms.tenant_id, (tx) => settleSms(tx, sms.id, outcome.status, outcome.reason));
    if (outcome.status === 'sent') sent += 1;
    else failed += 1;
  }
  return { sent, failed };
}
