import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** Where every operation's token comes from: the OAuth 2.0 token endpoint (RFC 6749), relative to the server. */
export const TOKEN_URL = '/oauth/token';

/**
 * The document's tags, one per module, each described: a generated client groups its operations by
 * them, and /docs shows the description above each group. A route's `tags` must name one of these
 * (test/http/openapi-contract.test.ts checks it).
 */
export const OPENAPI_TAGS = [
  { name: 'operations', description: 'Liveness and readiness probes for load balancers and orchestrators.' },
  {
    name: 'identity',
    description:
      'Accounts and sign-in: the OAuth 2.0 token endpoint (password, refresh token, client credentials, Firebase token exchange), ' +
      'phone OTP, the signed-in user, OAuth clients for integrations and the security audit log.',
  },
  { name: 'tenants', description: 'Organisations: creating them, their members and invitations, and their settings.' },
  { name: 'crops', description: 'The crop catalogue: codes, names in English and Hindi, seasons and durations, with sources.' },
  { name: 'farmers', description: "A tenant's farmers, their personal data masked unless revealed, and a CSV export." },
  { name: 'farms', description: "Farmers' farms." },
  { name: 'fields', description: 'Fields with GeoJSON boundaries (area, centroid, bounding box), their import and export.' },
  { name: 'crop cycles', description: "The crops sown on a field, checked against the crop catalogue and the field's other cycles." },
  { name: 'soil tests', description: "Soil health card values of a field's samples." },
  { name: 'sync', description: 'Every registry change the caller may see, in commit order, for offline clients.' },
  {
    name: 'weather',
    description:
      'Forecasts for a point or a field, place names (geocoding), FAO-56 ET0, and field advisories (irrigation, spraying, risks).',
  },
  {
    name: 'crop health',
    description: 'Satellite vegetation indices of a field: analyses, time series, coloured images and management zones.',
  },
  {
    name: 'markets',
    description: 'Minimum Support Prices, the commodity catalogue, mandis, Agmarknet prices and trends, and the best markets near a field.',
  },
  {
    name: 'alerts',
    description: 'Alert rules of a tenant: price thresholds crossed by new mandi prices, crop-health drops and weather risks of fields.',
  },
  {
    name: 'scheme applications',
    description:
      "Farmers' applications to schemes: draft, submitted, under review, approved or rejected, disbursed, or withdrawn, with each change's who, when and note.",
  },
  {
    name: 'insurance',
    description:
      "Crop insurance under PMFBY: the farmer's premium for a crop, and crop-loss intimations with geotagged photos for the insurer's survey.",
  },
  { name: 'notifications', description: "The caller's inbox: a notification per alert sent to them, read and unread." },
  { name: 'jobs', description: 'Background jobs (analyses, ingestions): their status, progress and result.' },
  {
    name: 'realtime',
    description:
      "The caller's events as they happen, over a WebSocket (GET /v1/ws): job progress, alerts, notifications; a reconnect with `since` replays what was missed.",
  },
  {
    name: 'webhooks',
    description:
      "Signed webhooks: a receiver URL subscribed to event types gets each event as a POST signed with the webhook's secret " +
      '(`Kheti-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`), retried for 24 hours; its deliveries and redelivery.',
  },
  {
    name: 'schemes',
    description:
      'Government schemes for farmers: the shared catalogue of central and state schemes (each fact with its source, read-only) ' +
      "and an organisation's own schemes, searched together in English and Hindi.",
  },
];

/**
 * Two ways to send the same access token: `bearerAuth`, a token pasted as is, and `oauth2`, a token
 * /docs's "Authorize" fetches from the token endpoint with a password or an OAuth client's credentials.
 * The scopes are empty: what a caller may do follows from their role (src/auth/permissions.ts).
 */
const securitySchemes = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /oauth/token.' },
  oauth2: {
    type: 'oauth2',
    description:
      'A user signs in with their email and password (password flow); an integration with the client id and secret of ' +
      'POST /v1/clients (client credentials flow). The token is for the tenant the user last signed in to; ' +
      'POST /oauth/token with `tenant` picks another.',
    flows: {
      password: { tokenUrl: TOKEN_URL, refreshUrl: TOKEN_URL, scopes: {} },
      clientCredentials: { tokenUrl: TOKEN_URL, scopes: {} },
    },
  },
} as const;

type SecurityRequirement = Record<string, string[]>;

/**
 * Each operation's security follows from its route's permission, the one rule the server enforces
 * (src/auth/permissions.ts): a public route needs no token, any other takes a bearer token, pasted
 * or fetched through OAuth 2.0. A route that declares its own requirements (a token that is
 * optional) keeps them, with the OAuth 2.0 alternative wherever a bearer token is listed.
 */
const securityOf = (permission: unknown, declared: SecurityRequirement[] | undefined): SecurityRequirement[] => {
  if (declared) return declared.flatMap((requirement) => ('bearerAuth' in requirement ? [requirement, { oauth2: [] }] : [requirement]));
  return permission === 'public' ? [] : [{ bearerAuth: [] }, { oauth2: [] }];
};

type ObjectSchema = { properties?: Record<string, { default?: unknown }>; required?: string[] };

/**
 * A property with a default is one the caller may leave out: the server fills it in (Ajv's
 * useDefaults), so the document does not list it as required, though the handler's type does.
 */
const defaultsOptional = <S>(schema: S): S => {
  const object = schema as ObjectSchema | undefined;
  if (!object?.properties || !object.required) return schema;
  const required = object.required.filter((name) => object.properties![name]?.default === undefined);
  return { ...object, required } as S;
};

/** The options of @fastify/swagger: the document served at /openapi.json and /docs/json. */
export const openapiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Kheti API',
      version: '1',
      description:
        'Farm intelligence for farmer organisations: field registry, weather advisories, crop health, markets, schemes and alerts.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    // Relative, so the document fits every deployment: a client resolves it against where it read the document.
    servers: [{ url: '/', description: 'the server that serves this document' }],
    tags: OPENAPI_TAGS,
    components: { securitySchemes },
  },
  transform: ({ schema, url, route }) => {
    const permission = (route.config as { permission?: unknown } | undefined)?.permission;
    const declared = (schema as { security?: SecurityRequirement[] } | undefined)?.security;
    const { querystring, body } = (schema ?? {}) as { querystring?: unknown; body?: unknown };
    return {
      schema: {
        ...schema,
        ...(querystring ? { querystring: defaultsOptional(querystring) } : {}),
        ...(body ? { body: defaultsOptional(body) } : {}),
        security: securityOf(permission, declared),
      } as typeof schema,
      url,
    };
  },
  refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
};
