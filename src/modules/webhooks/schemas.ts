import Type from 'typebox';
import type { DeliveryRow } from './delivery-repository.js';
import type { SubscriptionRow } from './subscription-repository.js';

/** A prefix of event types: dotted lower-case words, the last one may be left open (`alert.`). */
const TypePrefix = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]*)*$',
  description: 'a prefix of event types, e.g. `alert.` (every alert) or `job.progress`',
});

export const NewWebhook = Type.Object(
  {
    url: Type.String({
      minLength: 8,
      maxLength: 2048,
      description: 'the receiver; https:// with public addresses in production (WEBHOOK_ALLOW_PRIVATE_URLS)',
    }),
    types: Type.Array(TypePrefix, { minItems: 1, maxItems: 20, uniqueItems: true }),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);

export const Webhook = Type.Object({
  id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  types: Type.Array(Type.String()),
  description: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  revokedAt: NullableInstant,
});

export const CreatedWebhook = Type.Object({
  ...Webhook.properties,
  secret: Type.String({
    description:
      'The signing secret, shown only in this response. Each delivery carries `Kheti-Signature: t=<unix seconds>,v1=<hex>`, where ' +
      'v1 is the HMAC-SHA256, keyed with this secret (as UTF-8), of `<t>.<raw request body>`.',
  }),
});

export const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')], {
  description: 'pending (being tried), delivered (a 2xx answer), dead (retries ran out, or the webhook was revoked)',
});

export const Delivery = Type.Object({
  id: Type.String({ format: 'uuid' }),
  webhookId: Type.String({ format: 'uuid' }),
  eventId: Type.String({ format: 'uuid', description: 'sent as Kheti-Event-Id: the same on every attempt and redelivery' }),
  eventType: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer({ minimum: 0 }),
  firstAttemptAt: NullableInstant,
  lastAttemptAt: NullableInstant,
  nextAttemptAt: NullableInstant,
  lastStatus: Type.Union([Type.Integer(), Type.Null()], {
    description: "the receiver's HTTP status at the last attempt, null without an answer",
  }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  deliveredAt: NullableInstant,
  createdAt: Instant,
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const presentWebhook = (row: SubscriptionRow) => ({
  id: row.id,
  url: row.url,
  types: row.types,
  description: row.description,
  createdAt: row.created_at.toISOString(),
  revokedAt: iso(row.revoked_at),
});

export const presentDelivery = (row: DeliveryRow) => ({
  id: row.id,
  webhookId: row.subscription_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  firstAttemptAt: iso(row.first_attempt_at),
  lastAttemptAt: iso(row.last_attempt_at),
  // Only a pending delivery has a next attempt; while one runs, this is when it would be presumed lost.
  nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
  lastStatus: row.last_status,
  lastError: row.last_error,
  deliveredAt: iso(row.delivered_at),
  createdAt: row.created_at.toISOString(),
});
