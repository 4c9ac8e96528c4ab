import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/**
 * The delivery a receiver gets, as an OpenAPI 3.1 webhook (the document's top-level `webhooks`):
 * a generated client or /docs shows the body and the headers, the signature's among them, next to
 * the routes that subscribe.
 */
type OpenApiDocument = NonNullable<FastifyDynamicSwaggerOptions['openapi']>;
type Webhooks = NonNullable<Extract<OpenApiDocument, { webhooks?: unknown }>['webhooks']>;

export const WEBHOOK_DELIVERY_OPENAPI: Webhooks = {
  khetiEvent: {
    post: {
      operationId: 'receiveKhetiEvent',
      tags: ['webhooks'],
      summary: "What Kheti POSTs to a webhook's URL for each matching event",
      description:
        'Verify before trusting the body: recompute HMAC-SHA256, keyed with the secret of POST /v1/webhooks (the whole `whsec_…` ' +
        'string as UTF-8), over `<t>.<raw body>` (the bytes received, before parsing), compare it with `v1` in constant time, ' +
        'and refuse a `t` more than a few minutes from your clock. De-duplicate on Kheti-Event-Id: retries and redeliveries carry the same one.',
      security: [],
      parameters: [
        {
          name: 'Kheti-Signature',
          in: 'header',
          required: true,
          description:
            't: when this attempt was signed, in unix seconds; v1: the hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret',
          schema: {
            type: 'string',
            pattern: '^t=\\d+,v1=[0-9a-f]{64}$',
            examples: ['t=1767225600,v1=6bbc2e217ae6cc30ea42c1a53abb4f941db79f555ead79ec4c6a5023a4688659'],
          },
        },
        {
          name: 'Kheti-Event-Id',
          in: 'header',
          required: true,
          description: "the event's id, the same on every attempt and redelivery",
          schema: { type: 'string', format: 'uuid' },
        },
        { name: 'Kheti-Event-Type', in: 'header', required: true, description: "the event's type", schema: { type: 'string' } },
        {
          name: 'Kheti-Delivery-Id',
          in: 'header',
          required: true,
          description: 'the delivery, as GET /v1/webhooks/{id}/deliveries lists it',
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['id', 'type', 'at', 'tenantId', 'data'],
              properties: {
                id: { type: 'string', format: 'uuid', description: 'the event id (UUIDv7), as Kheti-Event-Id' },
                type: { type: 'string', description: 'e.g. alert.weather_risk, crop_health.drop, job.finished, market.price_threshold' },
                at: { type: 'string', format: 'date-time' },
                tenantId: { type: 'string', format: 'uuid' },
                data: { type: 'object', additionalProperties: true, description: "the event's facts, as /v1/ws sends them" },
              },
            },
          },
        },
      },
      responses: {
        '2XX': { description: 'Delivered: any 2xx answer within the time limit (WEBHOOK_TIMEOUT_MS, 10 s)' },
        default: {
          description:
            'Anything else (another status, a redirect, which is not followed, or no answer) is tried again with exponential ' +
            'backoff and jitter for 24 hours after the first attempt; then the delivery is dead',
        },
      },
    },
  },
};
