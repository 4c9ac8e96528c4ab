import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';
import { CronExpressionParser } from 'cron-parser';

/**
 * The environment as a TypeBox schema: the only place that reads `process.env`.
 * Every variable is documented in README.md and .env.example.
 */
const oneOf = <const T extends string[]>(values: T, defaultValue: T[number]) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { default: defaultValue, description: `one of ${values.join(', ')}` },
  );

const EnvSchema = Type.Object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'a port number (0-65535)' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an interface address' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// URL' })),
  DATABASE_REPLICA_URLS: Type.Optional(Type.String({ description: 'comma-separated postgres:// URLs' })),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 1000, default: 10, description: 'an integer 1-1000' }),
  DATABASE_PIPELINE_CONNECTIONS: Type.Integer({ minimum: 0, maximum: 64, default: 2, description: 'an integer 0-64' }),
  REPLICA_MAX_LAG: Type.String({
    pattern: '^[0-9]{1,12}(B|kB|MB|GB)?$',
    default: '16MB',
    description: 'a size in bytes, or with a unit: B, kB, MB or GB (e.g. 16MB)',
  }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'a redis:// or rediss:// URL' })),
  REDIS_CLUSTER_NODES: Type.Optional(Type.String({ description: 'comma-separated host:port pairs' })),
  REDIS_CACHE_URL: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'a redis:// or rediss:// URL' })),
  REDIS_KEY_PREFIX: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9]([A-Za-z0-9._:-]{0,62}[A-Za-z0-9])?$',
      description: 'up to 64 letters, digits, ".", "_", "-" and ":", starting and ending with a letter or digit',
    }),
  ),
  DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'a directory path' }),
  WEB_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 1, description: 'an integer 1-256' }),
  JOB_LOCK_MS: Type.Integer({ minimum: 3000, maximum: 600_000, default: 15_000, description: 'milliseconds, 3000-600000' }),
  TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a path to a PEM certificate chain' })),
  TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a path to a PEM private key' })),
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'a port number (0-65535)' })),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  TRUST_PROXY: Type.String({
    pattern: '^(|true|false|\\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$',
    default: 'false',
    description: 'true, false, a number of proxy hops, or comma-separated proxy addresses/CIDRs',
  }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600, description: 'requests per minute, 1-1000000' }),
  CORS_ORIGINS: Type.String({ default: '', description: 'comma-separated origins, or *' }),
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'an integer ≥ 1024' }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 120_000, default: 25_000, description: 'milliseconds, 1000-120000' }),
  SHUTDOWN_DRAIN_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 0, description: 'milliseconds, 0-60000' }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000, description: 'milliseconds (0 disables load shedding)' }),
  KHETI_BOOTSTRAP_ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email', description: 'an email address' })),
  KHETI_BOOTSTRAP_ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 10, description: 'a password of at least 10 characters' })),
  SEED_DEMO: oneOf(['true', 'false'], 'true'),
  CONSOLE_TILE_URL: Type.String({
    pattern: '^https?://[^/]+/.*\\{z\\}.*\\{x\\}.*\\{y\\}',
    default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    description: 'an http(s):// tile URL template with {z}, {x} and {y} (and optionally {s})',
  }),
  CONSOLE_TILE_ATTRIBUTION: Type.String({
    minLength: 1,
    default: '© OpenStreetMap contributors',
    description: 'the attribution the tile provider requires',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({ pattern: '^https?://[^/]+(/.*)?$', description: 'the http(s):// URL clients use to reach the API' }),
  ),
  KHETI_ENCRYPTION_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: '32 random bytes in base64 (openssl rand -base64 32)' }),
  ),
  KHETI_ENCRYPTION_KEY_PREVIOUS: Type.Optional(
    Type.String({
      pattern: '^\\s*[A-Za-z0-9+/]{43}=\\s*(,\\s*[A-Za-z0-9+/]{43}=\\s*)*$',
      description: 'comma-separated keys of 32 bytes in base64, each like KHETI_ENCRYPTION_KEY',
    }),
  ),
  KHETI_BLIND_INDEX_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: '32 bytes in base64, usually the first KHETI_ENCRYPTION_KEY' }),
  ),
  KEY_PROVIDER: oneOf(['local', 'vault-transit', 'aws-kms'], 'local'),
  KEY_CACHE_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 3600,
    default: 300,
    description: 'seconds an unwrapped data key is kept in memory, 0-3600 (0 = ask the key provider every time)',
  }),
  VAULT_ADDR: Type.Optional(
    Type.String({ pattern: '^https?://[^/?#\\s]+/?$', description: 'the http(s):// URL of Vault, without a path' }),
  ),
  VAULT_TOKEN: Type.Optional(Type.String({ pattern: '^\\S{8,512}$', description: 'a Vault token (8-512 characters, no spaces)' })),
  VAULT_K8S_ROLE: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$', description: "a role of Vault's Kubernetes auth method" }),
  ),
  VAULT_K8S_MOUNT: Type.String({
    pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$',
    default: 'kubernetes',
    description: 'the path the Kubernetes auth method is mounted at',
  }),
  VAULT_K8S_JWT_FILE: Type.String({
    minLength: 1,
    default: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    description: "the path of the pod's service account token",
  }),
  VAULT_TRANSIT_MOUNT: Type.String({
    pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$',
    default: 'transit',
    description: 'the path the transit engine is mounted at',
  }),
  VAULT_TRANSIT_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$', description: 'the name of a transit key' })),
  VAULT_KV_PATH: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/data/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$',
      description: 'the API path of a KV v2 secret, <mount>/data/<path> (e.g. secret/data/kheti)',
    }),
  ),
  AWS_KMS_KEY_ID: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9:/_-]{1,2048}$', description: 'a KMS key id, key ARN, alias name (alias/…) or alias ARN' }),
  ),
  AWS_REGION: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{2,32}$', description: 'an AWS region, e.g. ap-south-1' })),
  AWS_KMS_ENDPOINT: Type.Optional(
    Type.String({ pattern: '^https?://[^/?#\\s]+/?$', description: 'the http(s):// URL of a KMS endpoint, without a path' }),
  ),
  JWT_SIGNING_KEY: Type.Optional(Type.String({ description: 'a private EC P-256 JWK (JSON) with a kid' })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 900, description: 'seconds, 60-3600' }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30, description: 'days, 1-365' }),
  FIREBASE_PROJECT_ID: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{4,40}$', description: 'a Firebase project id' })),
  FIREBASE_JWKS_URL: Type.String({
    pattern: '^https?://',
    default: 'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com',
    description: 'an http(s) URL of the Firebase token-signing JWKS',
  }),
  SMS_PROVIDER: oneOf(['log', 'twilio'], 'log'),
  TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$', description: 'a Twilio account SID (AC + 32 hex)' })),
  TWILIO_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 16, description: 'a Twilio auth token' })),
  TWILIO_FROM: Type.Optional(
    Type.String({ pattern: '^(\\+[1-9]\\d{6,14}|MG[0-9a-fA-F]{32})$', description: 'an E.164 sender number or a Messaging Service SID' }),
  ),
  TWILIO_BASE_URL: Type.String({ pattern: '^https?://', default: 'https://api.twilio.com', description: 'an http(s) URL' }),
  ALERT_SMS_PER_FARMER_PER_DAY: Type.Integer({
    minimum: 0,
    maximum: 50,
    default: 3,
    description: 'alert SMS to one farmer per day (India time), 0-50; beyond it the inbox alone',
  }),
  SMS_DLT_SENDER_ID: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9]{1,20}$', description: 'the header (an alphanumeric sender id) registered on a DLT platform' }),
  ),
  SMS_DLT_TEMPLATE_CROP_HEALTH_DROP: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,30}$', description: 'a DLT content template id (digits)' }),
  ),
  SMS_DLT_TEMPLATE_WEATHER_RISK: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,30}$', description: 'a DLT content template id (digits)' }),
  ),
  WEATHER_PROVIDER: Type.Optional(
    Type.Union(
      ['openweather', 'open-meteo', 'synthetic'].map((v) => Type.Literal(v)),
      { description: 'one of openweather, open-meteo, synthetic (default openweather when OPENWEATHER_API_KEY is set, else synthetic)' },
    ),
  ),
  OPENWEATHER_API_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9]{16,64}$', description: 'an OpenWeather API key (16-64 letters and digits)' }),
  ),
  OPENWEATHER_BASE_URL: Type.String({
    pattern: '^https?://',
    default: 'https://api.openweathermap.org',
    description: 'an http(s) URL of the OpenWeather host',
  }),
  OPEN_METEO_BASE_URL: Type.String({
    pattern: '^https?://',
    default: 'https://api.open-meteo.com',
    description: 'an http(s) URL of the Open-Meteo host',
  }),
  WEATHER_CACHE_TTL_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 86_400,
    default: 600,
    description: 'seconds 0-86400 (0 = ask the provider every time)',
  }),
  OPEN_METEO_ARCHIVE_URL: Type.String({
    pattern: '^https?://',
    default: 'https://archive-api.open-meteo.com',
    description: 'an http(s) URL of the Open-Meteo Historical Weather API host',
  }),
  IMAGERY_PROVIDER: Type.Optional(
    Type.Union(
      ['stac', 'earthengine', 'synthetic'].map((v) => Type.Literal(v)),
      { description: 'one of stac, earthengine, synthetic (default synthetic, the offline twin)' },
    ),
  ),
  STAC_API_URL: Type.String({
    pattern: '^https?://',
    default: 'https://earth-search.aws.element84.com/v1',
    description: 'an http(s) URL of a STAC API',
  }),
  STAC_COLLECTION: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$', default: 'sentinel-2-l2a', description: 'a STAC collection id' }),
  IMAGERY_TWIN_MAX_MB: Type.Integer({
    minimum: 16,
    maximum: 1_048_576,
    default: 1024,
    description: 'megabytes of offline-twin scenes kept under DATA_DIR/imagery, 16-1048576',
  }),
  IMAGERY_TWIN_WAIT_MS: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 1000,
    description: 'milliseconds a request waits for offline-twin scenes being made, 0-10000',
  }),
  EARTH_ENGINE_PROJECT: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{4,61}[a-z0-9]$', description: 'a Google Cloud project id' })),
  GOOGLE_APPLICATION_CREDENTIALS: Type.Optional(Type.String({ minLength: 1, description: 'the path of a service-account JSON key file' })),
  EARTH_ENGINE_BASE_URL: Type.String({
    pattern: '^https?://',
    default: 'https://earthengine.googleapis.com',
    description: 'an http(s) URL of the Earth Engine REST host',
  }),
  GOOGLE_TOKEN_URL: Type.String({
    pattern: '^https?://',
    default: 'https://oauth2.googleapis.com/token',
    description: "an http(s) URL of Google's OAuth 2.0 token endpoint",
  }),
  NDVI_DROP_ALERT: Type.Number({
    exclusiveMinimum: 0,
    maximum: 2,
    default: 0.15,
    description: 'a drop of smoothed NDVI between scenes, 0-2',
  }),
  IMAGERY_QUEUED_ANALYSES_PER_TENANT: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 50,
    description: 'vegetation analyses one tenant may have queued or running at once, 1-100000',
  }),
  DATA_GOV_IN_API_KEY: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9]{16,128}$', description: 'a data.gov.in API key (letters and digits)' }),
  ),
  DATA_GOV_IN_BASE_URL: Type.String({
    pattern: '^https?://',
    default: 'https://api.data.gov.in',
    description: 'an http(s) URL of the data.gov.in API host',
  }),
  AGMARKNET_RESOURCE_ID: Type.String({
    pattern: '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$',
    default: '9ef84268-d588-465a-a308-a864a43d0070',
    description: 'a data.gov.in resource id',
  }),
  MARKET_PRICE_PROVIDER: Type.Optional(
    Type.Union(
      ['datagovin', 'sample'].map((v) => Type.Literal(v)),
      { description: 'one of datagovin, sample (default datagovin when DATA_GOV_IN_API_KEY is set, else sample)' },
    ),
  ),
  MARKET_PRICES_CRON: Type.String({ minLength: 9, default: '30 2 * * *', description: 'a cron pattern (UTC), e.g. 30 2 * * *' }),
  MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM: Type.Number({
    minimum: 0,
    maximum: 100,
    default: 1,
    description: 'rupees per quintal per km of road, 0-100',
  }),
  MARKET_ROAD_DETOUR_FACTOR: Type.Number({
    minimum: 1,
    maximum: 3,
    default: 1.3,
    description: 'road distance / great-circle distance, 1-3',
  }),
  MARKET_SEARCH_RADIUS_KM: Type.Number({
    exclusiveMinimum: 0,
    maximum: 1000,
    default: 100,
    description: 'km, more than 0 and at most 1000',
  }),
  EVENT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'days, 1-90' }),
  NOTIFICATION_READ_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 90, description: 'days, 1-3650' }),
  NOTIFICATION_UNREAD_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365, description: 'days, 1-3650' }),
  WS_SEND_BUFFER_BYTES: Type.Integer({ minimum: 1024, maximum: 67_108_864, default: 1_048_576, description: 'bytes, 1024-67108864' }),
  WS_PING_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 30_000, description: 'milliseconds, 100-300000' }),
  WS_RIGHTS_CHECK_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 30_000, description: 'milliseconds, 100-60000' }),
  DOCUMENT_STORE: oneOf(['disk', 's3'], 'disk'),
  S3_BUCKET: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      description: 'an S3 bucket name (3-63 lower-case letters, digits, "." and "-")',
    }),
  ),
  S3_REGION: Type.Optional(
    Type.String({ pattern: '^[a-z0-9-]{2,32}$', description: 'a region, e.g. ap-south-1 (us-east-1 for most MinIO)' }),
  ),
  S3_ENDPOINT: Type.Optional(
    Type.String({ pattern: '^https?://[^/?#\\s]+/?$', description: 'the http(s):// URL of an S3-compatible service, without a path' }),
  ),
  S3_ACCESS_KEY_ID: Type.Optional(Type.String({ pattern: '^\\S{3,128}$', description: 'an access key id (3-128 characters, no spaces)' })),
  S3_SECRET_ACCESS_KEY: Type.Optional(
    Type.String({ pattern: '^\\S{8,256}$', description: 'a secret access key (8-256 characters, no spaces)' }),
  ),
  S3_KEY_PREFIX: Type.Optional(
    Type.String({
      pattern: '^([A-Za-z0-9_-][A-Za-z0-9._-]*/){1,10}$',
      description: 'folders before every key, each of letters, digits, ".", "_" and "-" and ending in /, e.g. kheti/documents/',
    }),
  ),
  WEBHOOK_ALLOW_PRIVATE_URLS: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'true or false (default false in production, true otherwise)',
    }),
  ),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 60_000, default: 10_000, description: 'milliseconds, 1000-60000' }),
  WEBHOOK_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000, description: 'milliseconds, 10-3600000' }),
  WEBHOOK_RETRY_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 604_800, default: 86_400, description: 'seconds, 1-604800' }),
});

type Env = Static<typeof EnvSchema>;

/** How Kheti reaches Vault and proves who it is: a token, or a Kubernetes service account. */
export interface VaultSettings {
  addr: string;
  token?: string;
  kubernetes?: { role: string; jwtFile: string; mount: string };
}

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  webConcurrency: number;
  dataDir: string;
  /** Embedded mode: no DATABASE_URL, so PGlite under `dataDir`. */
  /** `replicaMaxLagBytes`: a replica further behind the primary than this serves no reads. */
  database: {
    url?: string;
    replicaUrls: string[];
    poolMax: number;
    /** Connections per server carrying one-statement reads pipelined; 0 turns pipelining off. */
    pipelineConnections: number;
    replicaMaxLagBytes: number;
  };
  /** Neither REDIS_URL nor REDIS_CLUSTER_NODES: in-process cache, queue and event bus. */
  /**
   * `keyPrefix`: the namespace of everything the deployment keeps in Redis; unset means one derived
   * from the database's deployment id (infra/deployment.ts).
   */
  /** `cacheUrl`: a Redis of its own for the cache (allkeys-lru), so that the queue's (noeviction) never evicts a job. */
  redis: { url?: string; cacheUrl?: string; clusterNodes: { host: string; port: number }[]; keyPrefix?: string };
  http: {
    rateLimitPerMinute: number;
    trustProxy: boolean | number | string[];
    corsOrigins: string[] | '*';
    bodyLimitBytes: number;
    maxEventLoopDelayMs: number;
    shutdownTimeoutMs: number;
    /** After SIGTERM, how long the server still answers (each response closing its connection) before it stops accepting. */
    shutdownDrainMs: number;
  };
  /** HTTPS served by Kheti itself (deployments without a proxy); both files, or neither. Re-read on SIGHUP. */
  tls?: { certFile: string; keyFile: string };
  /** `kheti worker`'s own port for /metrics and /livez; unset: none. */
  metricsPort?: number;
  /** A running job's lock: a worker that dies leaves its job to another within about 4/3 of this. */
  jobLockMs: number;
  bootstrapAdmin?: { email: string; password: string };
  seedDemo: boolean;
  /** What the web console served at / needs to know: where its basemap comes from. */
  console: { tileUrl: string; tileAttribution: string };
  /** Where clients reach the API: the token issuer and the base of the OAuth metadata. */
  publicUrl: string;
  /** The master key of envelope encryption; unset outside production means a key file in DATA_DIR. */
  encryptionKey?: Buffer;
  /** Former master keys, kept only to unwrap data keys until `kheti admin rotate-data-keys` has re-wrapped them. */
  previousEncryptionKeys: Buffer[];
  /**
   * Who wraps data keys: the local master key, Vault's transit engine or AWS KMS. With a remote
   * provider the local keys only unwrap; `cacheTtlMs` keeps unwrapped data keys in memory.
   */
  keys:
    | { provider: 'local' }
    | { provider: 'vault-transit'; vault: VaultSettings; mount: string; key: string; cacheTtlMs: number }
    | { provider: 'aws-kms'; keyId: string; region: string; endpoint?: string; cacheTtlMs: number };
  /** What blind indexes are keyed from; unset means the master key. It must outlive master-key rotations. */
  blindIndexKey?: Buffer;
  auth: {
    signingKeyJwk?: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    firebase?: { projectId: string; jwksUrl: string };
  };
  sms: { provider: 'log' } | { provider: 'twilio'; accountSid: string; authToken: string; from: string; baseUrl: string };
  /**
   * Alert SMS to farmers: how many a farmer gets a day, and what India's DLT rules ask of each
   * commercial SMS (the registered sender id and the content template of its message type). In
   * production an alert SMS without them is not sent.
   */
  alertSms: {
    perFarmerPerDay: number;
    dltSenderId?: string;
    dltTemplates: Partial<Record<'crop_health_drop' | 'weather_risk', string>>;
  };
  /** Which weather source answers first; the key is only ever passed to the OpenWeather client. */
  weather: {
    provider: 'openweather' | 'open-meteo' | 'synthetic';
    openWeatherApiKey?: string;
    openWeatherBaseUrl: string;
    openMeteoBaseUrl: string;
    /** Open-Meteo's Historical Weather API (`/v1/archive`), the source of daily weather history. */
    openMeteoArchiveUrl: string;
    /** How long a forecast for a ~1 km cell is reused; OpenWeather's data change every 10 minutes. */
    cacheTtlMs: number;
  };
  /** Where Sentinel-2 scenes come from; `synthetic` is a local STAC catalog written under DATA_DIR. */
  imagery: {
    provider: 'stac' | 'earthengine' | 'synthetic';
    stacApiUrl: string;
    stacCollection: string;
    earthEngine?: { project: string; credentialsFile: string; baseUrl: string; tokenUrl: string };
    /** A drop of the smoothed NDVI between scenes larger than this emits crop_health.drop. */
    ndviDropAlert: number;
    /** The offline twin keeps at most this many bytes of scenes on disk, least recently used out. */
    twinMaxBytes: number;
    /** How long a request waits for twin scenes being made before it answers 202 pending. */
    twinWaitMs: number;
    /** How many vegetation analyses one tenant may have queued or running at once; more answer 429. */
    queuedAnalysesPerTenant: number;
  };
  /** Agmarknet mandi prices from data.gov.in, or the bundled sample of real records (`sample`). */
  marketPrices: { provider: 'datagovin' | 'sample'; apiKey?: string; baseUrl: string; resourceId: string; cron: string };
  /** Best markets for a field: modal price minus transport cost × estimated road distance, within a radius. */
  markets: { transportCostInrPerQuintalKm: number; roadDetourFactor: number; searchRadiusKm: number };
  /**
   * The stored event stream and its WebSocket delivery: events are kept `retentionDays` (then
   * pruned); a socket whose unsent bytes pass `sendBufferBytes` is closed as too slow; each socket is
   * pinged every `pingIntervalMs` (no pong by the next ping: dropped) and its holder's rights are
   * read again every `rightsCheckMs`.
   */
  realtime: { retentionDays: number; sendBufferBytes: number; pingIntervalMs: number; rightsCheckMs: number };
  /** The inbox's retention: a read notification is deleted `readDays` after it was read, an unread one `unreadDays` after it was made. */
  notificationRetention: { readDays: number; unreadDays: number };
  /**
   * Signed webhooks: `allowPrivateUrls` lets a receiver be on loopback, a private network or plain
   * http (tests and local use; off in production unless set). A failed delivery is tried again
   * after about `retryBaseMs`, twice as long each time (with jitter, at most an hour), until
   * `retryWindowMs` after its first attempt; then it is dead.
   */
  webhooks: { allowPrivateUrls: boolean; timeoutMs: number; retryBaseMs: number; retryWindowMs: number };
  /**
   * Where uploaded documents are kept: files under DATA_DIR/uploads, or objects in an S3 bucket
   * (an S3-compatible service at `endpoint`, addressed path-style). Without `credentials` the AWS
   * SDK's default chain finds them (a web identity on Kubernetes, an instance role).
   */
  documents:
    | { store: 'disk' }
    | {
        store: 's3';
        bucket: string;
        region: string;
        endpoint?: string;
        credentials?: { accessKeyId: string; secretAccessKey: string };
        keyPrefix?: string;
      };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function describeError(name: string, schema: TSchema, raw: unknown): string {
  const expected = (schema as { description?: string }).description ?? 'a valid value';
  // URLs and passwords may carry credentials: name the variable, never echo its value.
  const shown = /URL|ENDPOINT|PASSWORD|SECRET|KEY|TOKEN/.test(name) ? 'a value that is not shown' : JSON.stringify(raw);
  return `Invalid configuration: ${name} must be ${expected} (got ${shown})`;
}

/** Turns an environment into a Config, or throws a ConfigError with one line naming the variable. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = environment[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = Value.Convert(EnvSchema, Value.Default(EnvSchema, { ...raw })) as Env;
  const [firstError] = Value.Errors(EnvSchema, env);
  if (firstError) {
    const name = firstError.instancePath.split('/')[1] ?? '';
    throw new ConfigError(describeError(name, EnvSchema.properties[name as keyof Env], raw[name]));
  }

  const replicaUrls = list(env.DATABASE_REPLICA_URLS);
  for (const url of replicaUrls) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ConfigError(describeError('DATABASE_REPLICA_URLS', EnvSchema.properties.DATABASE_REPLICA_URLS, env.DATABASE_REPLICA_URLS));
    }
  }
  if (replicaUrls.length > 0 && !env.DATABASE_URL) {
    throw new ConfigError('Invalid configuration: DATABASE_REPLICA_URLS needs DATABASE_URL (the primary) to be set');
  }
  const clusterNodes = list(env.REDIS_CLUSTER_NODES).map((node) => {
    const match = /^([^:\s]+):(\d{1,5})$/.exec(node);
    if (!match)
      throw new ConfigError(describeError('REDIS_CLUSTER_NODES', EnvSchema.properties.REDIS_CLUSTER_NODES, env.REDIS_CLUSTER_NODES));
    return { host: match[1]!, port: Number(match[2]) };
  });
  if (clusterNodes.length > 0 && env.REDIS_URL) {
    throw new ConfigError('Invalid configuration: set REDIS_URL or REDIS_CLUSTER_NODES, not both');
  }
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    throw new ConfigError('Invalid configuration: TLS_CERT_FILE and TLS_KEY_FILE must be set together');
  }
  if (env.REDIS_CACHE_URL && !env.REDIS_URL) {
    throw new ConfigError('Invalid configuration: REDIS_CACHE_URL needs REDIS_URL (the Redis of the queue and events) to be set');
  }
  if (Boolean(env.KHETI_BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.KHETI_BOOTSTRAP_ADMIN_PASSWORD)) {
    throw new ConfigError('Invalid configuration: KHETI_BOOTSTRAP_ADMIN_EMAIL and KHETI_BOOTSTRAP_ADMIN_PASSWORD must be set together');
  }
  const cors = list(env.CORS_ORIGINS);
  const keys = keyProvider(env);
  if (env.NODE_ENV === 'production' && keys.provider === 'local' && !env.KHETI_ENCRYPTION_KEY) {
    throw new ConfigError(
      'Invalid configuration: KHETI_ENCRYPTION_KEY is required in production (32 random bytes in base64: openssl rand -base64 32)',
    );
  }
  if (env.NODE_ENV === 'production' && keys.provider !== 'local' && !env.KHETI_BLIND_INDEX_KEY && !env.KHETI_ENCRYPTION_KEY) {
    throw new ConfigError(
      `Invalid configuration: KEY_PROVIDER=${keys.provider} needs KHETI_BLIND_INDEX_KEY in production (the key the blind indexes were made with, or a new one: openssl rand -base64 32)`,
    );
  }
  if (env.KHETI_ENCRYPTION_KEY_PREVIOUS && !env.KHETI_ENCRYPTION_KEY && keys.provider === 'local') {
    throw new ConfigError('Invalid configuration: KHETI_ENCRYPTION_KEY_PREVIOUS needs KHETI_ENCRYPTION_KEY (the new key) to be set');
  }
  // Blind indexes are keyed from the master key unless told otherwise: rotating the master key
  // without pinning the index key would silently stop phone look-ups from finding anyone.
  if (env.KHETI_ENCRYPTION_KEY_PREVIOUS && !env.KHETI_BLIND_INDEX_KEY) {
    throw new ConfigError(
      'Invalid configuration: KHETI_ENCRYPTION_KEY_PREVIOUS needs KHETI_BLIND_INDEX_KEY, set to the key the blind indexes were made with (the first KHETI_ENCRYPTION_KEY)',
    );
  }
  if (env.SMS_PROVIDER === 'twilio' && !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM)) {
    throw new ConfigError('Invalid configuration: SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM');
  }
  if (env.WEATHER_PROVIDER === 'openweather' && !env.OPENWEATHER_API_KEY) {
    throw new ConfigError('Invalid configuration: WEATHER_PROVIDER=openweather needs OPENWEATHER_API_KEY');
  }
  if (env.MARKET_PRICE_PROVIDER === 'datagovin' && !env.DATA_GOV_IN_API_KEY) {
    throw new ConfigError('Invalid configuration: MARKET_PRICE_PROVIDER=datagovin needs DATA_GOV_IN_API_KEY');
  }
  if (env.NODE_ENV === 'production') requireChosenSources(env);
  checkDocumentStore(env);
  if (env.IMAGERY_PROVIDER === 'earthengine' && !(env.EARTH_ENGINE_PROJECT && env.GOOGLE_APPLICATION_CREDENTIALS)) {
    throw new ConfigError(
      'Invalid configuration: IMAGERY_PROVIDER=earthengine needs EARTH_ENGINE_PROJECT and GOOGLE_APPLICATION_CREDENTIALS',
    );
  }
  try {
    CronExpressionParser.parse(env.MARKET_PRICES_CRON, { tz: 'UTC' });
  } catch {
    throw new ConfigError(describeError('MARKET_PRICES_CRON', EnvSchema.properties.MARKET_PRICES_CRON, env.MARKET_PRICES_CRON));
  }
  if (env.JWT_SIGNING_KEY) {
    let jwk: Record<string, unknown> = {};
    try {
      jwk = JSON.parse(env.JWT_SIGNING_KEY) as Record<string, unknown>;
    } catch {
      // reported below
    }
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') {
      throw new ConfigError(
        'Invalid configuration: JWT_SIGNING_KEY must be a private EC P-256 JWK (JSON) with a kid (got a value that is not shown)',
      );
    }
  }

  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    webConcurrency: env.WEB_CONCURRENCY,
    dataDir: env.DATA_DIR,
    database: {
      url: env.DATABASE_URL,
      replicaUrls,
      poolMax: env.DATABASE_POOL_MAX,
      pipelineConnections: env.DATABASE_PIPELINE_CONNECTIONS,
      replicaMaxLagBytes: parseSize(env.REPLICA_MAX_LAG),
    },
    redis: { url: env.REDIS_URL, cacheUrl: env.REDIS_CACHE_URL, clusterNodes, keyPrefix: env.REDIS_KEY_PREFIX },
    http: {
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      corsOrigins: cors.includes('*') ? '*' : cors,
      bodyLimitBytes: env.BODY_LIMIT_BYTES,
      maxEventLoopDelayMs: env.MAX_EVENT_LOOP_DELAY_MS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    },
    tls: env.TLS_CERT_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE! } : undefined,
    metricsPort: env.METRICS_PORT,
    jobLockMs: env.JOB_LOCK_MS,
    bootstrapAdmin: env.KHETI_BOOTSTRAP_ADMIN_EMAIL
      ? { email: env.KHETI_BOOTSTRAP_ADMIN_EMAIL, password: env.KHETI_BOOTSTRAP_ADMIN_PASSWORD! }
      : undefined,
    seedDemo: env.SEED_DEMO === 'true',
    console: { tileUrl: env.CONSOLE_TILE_URL, tileAttribution: env.CONSOLE_TILE_ATTRIBUTION },
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    encryptionKey: env.KHETI_ENCRYPTION_KEY ? Buffer.from(env.KHETI_ENCRYPTION_KEY, 'base64') : undefined,
    previousEncryptionKeys: list(env.KHETI_ENCRYPTION_KEY_PREVIOUS).map((key) => Buffer.from(key, 'base64')),
    blindIndexKey: env.KHETI_BLIND_INDEX_KEY ? Buffer.from(env.KHETI_BLIND_INDEX_KEY, 'base64') : undefined,
    keys,
    auth: {
      signingKeyJwk: env.JWT_SIGNING_KEY,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      firebase: env.FIREBASE_PROJECT_ID ? { projectId: env.FIREBASE_PROJECT_ID, jwksUrl: env.FIREBASE_JWKS_URL } : undefined,
    },
    sms:
      env.SMS_PROVIDER === 'twilio'
        ? {
            provider: 'twilio',
            accountSid: env.TWILIO_ACCOUNT_SID!,
            authToken: env.TWILIO_AUTH_TOKEN!,
            from: env.TWILIO_FROM!,
            baseUrl: env.TWILIO_BASE_URL,
          }
        : { provider: 'log' },
    alertSms: {
      perFarmerPerDay: env.ALERT_SMS_PER_FARMER_PER_DAY,
      dltSenderId: env.SMS_DLT_SENDER_ID,
      dltTemplates: {
        ...(env.SMS_DLT_TEMPLATE_CROP_HEALTH_DROP ? { crop_health_drop: env.SMS_DLT_TEMPLATE_CROP_HEALTH_DROP } : {}),
        ...(env.SMS_DLT_TEMPLATE_WEATHER_RISK ? { weather_risk: env.SMS_DLT_TEMPLATE_WEATHER_RISK } : {}),
      },
    },
    weather: {
      provider:
        (env.WEATHER_PROVIDER as Config['weather']['provider'] | undefined) ?? (env.OPENWEATHER_API_KEY ? 'openweather' : 'synthetic'),
      openWeatherApiKey: env.OPENWEATHER_API_KEY,
      openWeatherBaseUrl: env.OPENWEATHER_BASE_URL.replace(/\/+$/, ''),
      openMeteoBaseUrl: env.OPEN_METEO_BASE_URL.replace(/\/+$/, ''),
      openMeteoArchiveUrl: env.OPEN_METEO_ARCHIVE_URL.replace(/\/+$/, ''),
      cacheTtlMs: env.WEATHER_CACHE_TTL_SECONDS * 1000,
    },
    imagery: {
      provider: (env.IMAGERY_PROVIDER as Config['imagery']['provider'] | undefined) ?? 'synthetic',
      stacApiUrl: env.STAC_API_URL.replace(/\/+$/, ''),
      stacCollection: env.STAC_COLLECTION,
      ...(env.EARTH_ENGINE_PROJECT && env.GOOGLE_APPLICATION_CREDENTIALS
        ? {
            earthEngine: {
              project: env.EARTH_ENGINE_PROJECT,
              credentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS,
              baseUrl: env.EARTH_ENGINE_BASE_URL.replace(/\/+$/, ''),
              tokenUrl: env.GOOGLE_TOKEN_URL,
            },
          }
        : {}),
      ndviDropAlert: env.NDVI_DROP_ALERT,
      twinMaxBytes: env.IMAGERY_TWIN_MAX_MB * 1024 * 1024,
      twinWaitMs: env.IMAGERY_TWIN_WAIT_MS,
      queuedAnalysesPerTenant: env.IMAGERY_QUEUED_ANALYSES_PER_TENANT,
    },
    marketPrices: {
      provider:
        (env.MARKET_PRICE_PROVIDER as Config['marketPrices']['provider'] | undefined) ?? (env.DATA_GOV_IN_API_KEY ? 'datagovin' : 'sample'),
      apiKey: env.DATA_GOV_IN_API_KEY,
      baseUrl: env.DATA_GOV_IN_BASE_URL.replace(/\/+$/, ''),
      resourceId: env.AGMARKNET_RESOURCE_ID,
      cron: env.MARKET_PRICES_CRON,
    },
    markets: {
      transportCostInrPerQuintalKm: env.MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM,
      roadDetourFactor: env.MARKET_ROAD_DETOUR_FACTOR,
      searchRadiusKm: env.MARKET_SEARCH_RADIUS_KM,
    },
    realtime: {
      retentionDays: env.EVENT_RETENTION_DAYS,
      sendBufferBytes: env.WS_SEND_BUFFER_BYTES,
      pingIntervalMs: env.WS_PING_INTERVAL_MS,
      rightsCheckMs: env.WS_RIGHTS_CHECK_MS,
    },
    notificationRetention: {
      readDays: env.NOTIFICATION_READ_RETENTION_DAYS,
      unreadDays: env.NOTIFICATION_UNREAD_RETENTION_DAYS,
    },
    webhooks: {
      allowPrivateUrls: (env.WEBHOOK_ALLOW_PRIVATE_URLS ?? (env.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryWindowMs: env.WEBHOOK_RETRY_WINDOW_SECONDS * 1000,
    },
    documents:
      env.DOCUMENT_STORE === 's3'
        ? {
            store: 's3',
            bucket: env.S3_BUCKET!,
            region: env.S3_REGION!,
            ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT.replace(/\/+$/, '') } : {}),
            ...(env.S3_ACCESS_KEY_ID
              ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY! } }
              : {}),
            ...(env.S3_KEY_PREFIX ? { keyPrefix: env.S3_KEY_PREFIX } : {}),
          }
        : { store: 'disk' },
  };
}

/**
 * The bucket needs its name and region, and a key id only with its secret. S3 settings while
 * DOCUMENT_STORE is disk are refused too: whoever set them expects documents in the bucket.
 */
function checkDocumentStore(env: Env) {
  const s3Settings = (
    ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_KEY_PREFIX'] as const
  ).filter((name) => env[name] !== undefined);
  if (env.DOCUMENT_STORE === 'disk' && s3Settings.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${s3Settings.join(', ')} set while DOCUMENT_STORE is disk; set DOCUMENT_STORE=s3 to keep documents in the bucket, or unset them`,
    );
  }
  if (env.DOCUMENT_STORE === 's3' && !(env.S3_BUCKET && env.S3_REGION)) {
    throw new ConfigError('Invalid configuration: DOCUMENT_STORE=s3 needs S3_BUCKET and S3_REGION');
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither, for the default AWS credential chain)',
    );
  }
}

/** How to reach Vault, when VAULT_ADDR is set: a token, or else a Kubernetes login. */
function vaultSettings(
  env: Pick<Env, 'VAULT_ADDR' | 'VAULT_TOKEN' | 'VAULT_K8S_ROLE' | 'VAULT_K8S_MOUNT' | 'VAULT_K8S_JWT_FILE'>,
  needed: string,
) {
  if (!env.VAULT_ADDR) throw new ConfigError(`Invalid configuration: ${needed} needs VAULT_ADDR`);
  if (Boolean(env.VAULT_TOKEN) === Boolean(env.VAULT_K8S_ROLE))
    throw new ConfigError(`Invalid configuration: ${needed} needs either VAULT_TOKEN or VAULT_K8S_ROLE (Kubernetes auth), not both`);
  return {
    addr: env.VAULT_ADDR.replace(/\/+$/, ''),
    ...(env.VAULT_TOKEN
      ? { token: env.VAULT_TOKEN }
      : { kubernetes: { role: env.VAULT_K8S_ROLE!, mount: env.VAULT_K8S_MOUNT, jwtFile: env.VAULT_K8S_JWT_FILE } }),
  } satisfies VaultSettings;
}

function keyProvider(env: Env): Config['keys'] {
  const cacheTtlMs = env.KEY_CACHE_SECONDS * 1000;
  if (env.KEY_PROVIDER === 'vault-transit') {
    if (!env.VAULT_TRANSIT_KEY) throw new ConfigError('Invalid configuration: KEY_PROVIDER=vault-transit needs VAULT_TRANSIT_KEY');
    const vault = vaultSettings(env, 'KEY_PROVIDER=vault-transit');
    return { provider: 'vault-transit', vault, mount: env.VAULT_TRANSIT_MOUNT, key: env.VAULT_TRANSIT_KEY, cacheTtlMs };
  }
  if (env.KEY_PROVIDER === 'aws-kms') {
    if (!(env.AWS_KMS_KEY_ID && env.AWS_REGION))
      throw new ConfigError('Invalid configuration: KEY_PROVIDER=aws-kms needs AWS_KMS_KEY_ID and AWS_REGION');
    return {
      provider: 'aws-kms',
      keyId: env.AWS_KMS_KEY_ID,
      region: env.AWS_REGION,
      ...(env.AWS_KMS_ENDPOINT ? { endpoint: env.AWS_KMS_ENDPOINT.replace(/\/+$/, '') } : {}),
      cacheTtlMs,
    };
  }
  const stray = (['VAULT_TRANSIT_KEY', 'AWS_KMS_KEY_ID', 'AWS_KMS_ENDPOINT'] as const).filter((name) => env[name] !== undefined);
  if (stray.length > 0)
    throw new ConfigError(
      `Invalid configuration: ${stray.join(', ')} set while KEY_PROVIDER is local; set KEY_PROVIDER to use them, or unset them`,
    );
  return { provider: 'local' };
}

/** The environment variables Vault KV may supply; the Vault connection itself must come from the real environment. */
const VAULT_CONNECTION = ['VAULT_ADDR', 'VAULT_TOKEN', 'VAULT_K8S_ROLE', 'VAULT_K8S_MOUNT', 'VAULT_K8S_JWT_FILE', 'VAULT_KV_PATH'] as const;

/** The process's environment, for the start-up step that adds Vault KV to it before loadConfig. */
export const processEnvironment = (): Record<string, string | undefined> => process.env;

/**
 * Where to read configuration from Vault KV v2 before loading it: unset without VAULT_KV_PATH.
 * Only the real environment says how to reach Vault; the secret itself cannot redirect it.
 */
export function vaultKvSource(
  environment: Record<string, string | undefined> = process.env,
): { settings: VaultSettings; path: string; connection: readonly string[] } | undefined {
  if (!environment.VAULT_KV_PATH) return undefined;
  const subset = Type.Object(Object.fromEntries(VAULT_CONNECTION.map((name) => [name, EnvSchema.properties[name]])));
  const raw = Object.fromEntries(VAULT_CONNECTION.flatMap((name) => (environment[name] ? [[name, environment[name]]] : [])));
  const env = Value.Default(subset, { ...raw }) as Env;
  const [firstError] = Value.Errors(subset, env);
  if (firstError) {
    const name = firstError.instancePath.split('/')[1] ?? '';
    throw new ConfigError(describeError(name, EnvSchema.properties[name as keyof Env], raw[name]));
  }
  return { settings: vaultSettings(env, 'VAULT_KV_PATH'), path: env.VAULT_KV_PATH!, connection: VAULT_CONNECTION };
}

/** Behind nginx or a load balancer, the client address and protocol come from X-Forwarded-*. */
/**
 * In production an offline twin or the bundled sample answers only when chosen by name: a provider
 * left to its default without the key that selects the real one would serve made-up data.
 */
function requireChosenSources(env: Env) {
  const implicit = [
    !env.WEATHER_PROVIDER && !env.OPENWEATHER_API_KEY
      ? 'WEATHER_PROVIDER must be chosen in production: set OPENWEATHER_API_KEY, or WEATHER_PROVIDER=open-meteo, or WEATHER_PROVIDER=synthetic for the offline twin'
      : null,
    !env.IMAGERY_PROVIDER ? 'IMAGERY_PROVIDER must be chosen in production: stac, earthengine, or synthetic for the offline twin' : null,
    !env.MARKET_PRICE_PROVIDER && !env.DATA_GOV_IN_API_KEY
      ? 'MARKET_PRICE_PROVIDER must be chosen in production: set DATA_GOV_IN_API_KEY, or MARKET_PRICE_PROVIDER=sample for the bundled sample'
      : null,
  ].find(Boolean);
  if (implicit) throw new ConfigError(`Invalid configuration: ${implicit}`);
}

/** "16MB" → bytes, with PostgreSQL's units (1 kB = 1024 B). */
function parseSize(value: string): number {
  const [, digits, unit = 'B'] = /^(\d+)(B|kB|MB|GB)?$/.exec(value)!;
  return Number(digits) * { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[unit]!;
}

function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return list(value);
}

export const usesRedis = (config: Config) => Boolean(config.redis.url || config.redis.clusterNodes.length);
export const isEmbeddedDatabase = (config: Config) => !config.database.url;
