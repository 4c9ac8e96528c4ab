import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a receiver knows a delivery came from Kheti and was not replayed later: the header
 * `Kheti-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the
 * subscription's secret (the whole `whsec_…` string, as UTF-8). Signing the time with the body lets a
 * receiver refuse an old delivery replayed by someone who captured it.
 */
export const SIGNATURE_HEADER = 'Kheti-Signature';
export const EVENT_ID_HEADER = 'Kheti-Event-Id';
export const EVENT_TYPE_HEADER = 'Kheti-Event-Type';
export const DELIVERY_ID_HEADER = 'Kheti-Delivery-Id';

/** A new signing secret: 256 random bits, prefixed so a leaked one is recognisable in a scan. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export const signatureOf = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export const signatureHeader = (secret: string, timestamp: number, body: string) =>
  `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;

/**
 * What a receiver does, for our own tests and as the reference for the README's example: true when
 * one `v1` of the header matches the body and its `t` is within `toleranceSeconds` of `now`.
 */
export function verifySignature(secret: string, header: string, body: string, now = Date.now(), toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts
    .filter(([key]) => key === 'v1')
    .some(([, value]) => {
      const given = Buffer.from(value ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
