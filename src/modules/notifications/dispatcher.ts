import { v7 as uuidv7 } from 'uuid';
import { type AlertKind, alertRulesOfKind, findAlertRule, PRICE_THRESHOLD_EVENT, type PriceAlertEventData } from '../markets/index.js';
import { eventsAfter, type StoredEvent } from '../realtime/index.js';
import { alertFields } from '../registry/index.js';
import { advanceCursor, releaseLease, takeLease } from './cursor-repository.js';
import { fireAlert, type AlertDeps } from './fire.js';
import { cropHealthDropText, jobFinishedText, priceText } from './texts.js';

/**
 * Follows the stored event stream (realtime's eventsAfter) with its own cursor and turns the events
 * that alert into alerts:
 * - `crop_health.drop` (imagery): every crop_health_drop rule of the tenant that watches the field
 *   (the field, its farm, or every field) and whose ndviDrop the fall reaches; once per rule, field
 *   and scene date;
 * - `market.price_threshold` (the price ingestion, which already checked the rule): the rule named
 *   in the event; once per rule, price series and arrival date;
 * - `job.finished` and `job.failed` of a field's crop-health analysis: every job_finished rule that
 *   watches the field; once per rule, job and outcome.
 * One run at a time follows the stream, whichever worker it is on (a lease on the cursor row);
 * should two ever overlap, the alerts' unique keys still fire each alert once.
 */
export const FOLLOWER = 'alerts';
const LEASE_SECONDS = 120;
const PAGE = 200;
/**
 * Events younger than this are left for the next run: an event's id is made when it is raised,
 * and a transaction that commits a moment later than another can hold an earlier id; passing the
 * cursor over the later one first would skip it for ever.
 */
export const SETTLE_MS = 5_000;

interface DropData {
  fieldId: string;
  fromDate: string;
  toDate: string;
  from: number;
  to: number;
  drop: number;
}

/** The field an event is about and the tenant's rules of a kind that watch it (the field, its farm, or every field). */
async function rulesWatching(deps: AlertDeps, event: StoredEvent, kind: AlertKind, fieldId: string) {
  return deps.db.tenant(
    event.tenantId,
    async (tx) => {
      const field = (await alertFields(tx, { fieldId }))[0];
      if (!field) return { field, rules: [] };
      const rules = (await alertRulesOfKind(tx, kind, event.tenantId)).filter(
        (rule) => (!rule.field_id || rule.field_id === field.id) && (!rule.farm_id || rule.farm_id === field.farmId),
      );
      return { field, rules };
    },
    { readOnly: true },
  );
}

async function onCropHealthDrop(deps: AlertDeps, event: StoredEvent): Promise<number> {
  const drop = event.data as unknown as DropData;
  const numbers = [drop.drop, drop.from, drop.to];
  if (typeof drop.fieldId !== 'string' || typeof drop.toDate !== 'string' || !numbers.every((n) => typeof n === 'number')) return 0;
  const { rules, field } = await rulesWatching(deps, event, 'crop_health_drop', drop.fieldId);
  if (!field) return 0;
  let fired = 0;
  for (const rule of rules) {
    // The same tolerance as ndviDrops: NDVI carries no meaning at 1e-9.
    if (drop.drop < Number(rule.ndvi_drop) - 1e-9) continue;
    const done = await fireAlert(deps, {
      rule,
      subject: field.id,
      period: drop.toDate,
      field: { id: field.id, name: field.name, farmerId: field.farmerId },
      data: {
        fieldId: field.id,
        fieldName: field.name,
        fromDate: drop.fromDate,
        toDate: drop.toDate,
        from: drop.from,
        to: drop.to,
        drop: drop.drop,
        eventId: event.id,
      },
      text: cropHealthDropText({ fieldName: field.name, ...drop }),
    });
    if (done) fired += 1;
  }
  return fired;
}

async function onPriceThreshold(deps: AlertDeps, event: StoredEvent): Promise<number> {
  const price = event.data as unknown as PriceAlertEventData;
  if (typeof price.ruleId !== 'string') return 0;
  const rule = await deps.db.tenant(event.tenantId, (tx) => findAlertRule(tx, price.ruleId), { readOnly: true });
  if (rule?.kind !== 'price') return 0;
  const done = await fireAlert(deps, {
    rule,
    subject: `${price.market.id}:${price.commodity}:${price.variety}:${price.grade}`,
    period: price.arrivalDate,
    data: { ...price, eventId: event.id },
    text: priceText({
      commodity: price.commodity,
      condition: price.condition,
      market: price.market.name,
      arrivalDate: price.arrivalDate,
      modal: price.modalPriceInrPerQuintal,
      previousDate: price.previous.arrivalDate,
      previousModal: price.previous.modalPriceInrPerQuintal,
      line: price.lineInrPerQuintal,
    }),
  });
  return done ? 1 : 0;
}

interface JobData {
  jobId: string;
  fieldId?: string;
  status: 'succeeded' | 'failed';
  scenesFound?: number;
  scenesProcessed?: number;
  error?: string;
}

async function onJobOutcome(deps: AlertDeps, event: StoredEvent): Promise<number> {
  const job = event.data as unknown as JobData;
  // Only jobs about a field (crop-health analyses) alert: a rule watches fields.
  if (typeof job.jobId !== 'string' || typeof job.fieldId !== 'string') return 0;
  const status = event.type === 'job.failed' ? 'failed' : 'succeeded';
  const { rules, field } = await rulesWatching(deps, event, 'job_finished', job.fieldId);
  if (!field) return 0;
  let fired = 0;
  for (const rule of rules) {
    const done = await fireAlert(deps, {
      rule,
      subject: job.jobId,
      period: status,
      field: { id: field.id, name: field.name, farmerId: field.farmerId },
      data: { ...job, status, fieldName: field.name, eventId: event.id },
      text: jobFinishedText({ ...job, status, fieldName: field.name }),
    });
    if (done) fired += 1;
  }
  return fired;
}

const HANDLERS: Record<string, (deps: AlertDeps, event: StoredEvent) => Promise<number>> = {
  'crop_health.drop': onCropHealthDrop,
  [PRICE_THRESHOLD_EVENT]: onPriceThreshold,
  'job.finished': onJobOutcome,
  'job.failed': onJobOutcome,
};

/**
 * Reads the stream from the cursor to its end, a page at a time, firing what alerts; the cursor
 * moves after each page. A run that finds the lease taken returns at once (`busy`).
 */
export async function followEvents(
  deps: AlertDeps,
  options: { owner?: string; settleMs?: number; now?: () => number } = {},
): Promise<{ busy: boolean; events: number; alerts: number }> {
  const owner = options.owner ?? uuidv7();
  const settleMs = options.settleMs ?? SETTLE_MS;
  const now = options.now ?? Date.now;
  const lease = await deps.db.platform((tx) => takeLease(tx, FOLLOWER, owner, LEASE_SECONDS));
  if (!lease) return { busy: true, events: 0, alerts: 0 };
  let cursor = lease.lastEventId;
  let events = 0;
  let alerts = 0;
  try {
    for (;;) {
      const read = await eventsAfter(deps.db, cursor, PAGE);
      const settled = now() - settleMs;
      const page = read.filter((event) => Date.parse(event.at) <= settled);
      for (const event of page) {
        const handle = HANDLERS[event.type];
        if (handle) alerts += await handle(deps, event);
      }
      const last = page.at(-1);
      if (!last) break;
      cursor = last.id;
      events += page.length;
      await deps.db.platform(async (tx) => {
        await advanceCursor(tx, FOLLOWER, owner, last.id);
        // Renewed with each page, so a long catch-up keeps its lease.
        await takeLease(tx, FOLLOWER, owner, LEASE_SECONDS);
      });
      if (read.length < PAGE || page.length < read.length) break;
    }
  } finally {
    await deps.db.platform((tx) => releaseLease(tx, FOLLOWER, owner));
  }
  return { busy: false, events, alerts };
}
