import Type, { type Static } from 'typebox';
import { recordAudit, tenantSettingsRow, updateTenantSettings } from '../../auth/index.js';
import { AppError } from '../../errors.js';
import { oneOf, orNull } from '../../http/schemas.js';
import type { Db } from '../../infra/db/index.js';

/**
 * A tenant's settings, kept in `tenants.settings` (jsonb) and changed only through
 * PATCH /v1/tenants/{id}/settings: what an organisation decides for itself instead of the
 * deployment. A key never set reads as its default; keys the API does not know are kept as they are.
 */
const LANGUAGES = ['en', 'hi'] as const;

export const TenantSettings = Type.Object(
  {
    allowOutsideIndia: Type.Boolean({ description: 'accept field boundaries outside India (work abroad, demos); default false' }),
    defaultLanguage: oneOf(LANGUAGES, { description: "the organisation's language, one of en, hi; default en" }),
    transportCostInrPerQuintalKm: orNull(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description:
          "₹ per quintal per km of road for the organisation's best markets; null: the deployment's MARKET_TRANSPORT_COST_INR_PER_QUINTAL_KM",
      }),
    ),
  },
  { $id: 'TenantSettings' },
);
export type TenantSettings = Static<typeof TenantSettings>;

export const TenantSettingsPatch = Type.Partial(TenantSettings, {
  additionalProperties: false,
  minProperties: 1,
  description: 'The settings to change (JSON merge patch: a key left out keeps its value; null resets the transport cost)',
});
export type TenantSettingsPatch = Static<typeof TenantSettingsPatch>;

const DEFAULTS: TenantSettings = { allowOutsideIndia: false, defaultLanguage: 'en', transportCostInrPerQuintalKm: null };

/** The API's view of a stored settings object: known keys with their defaults filled in. */
export function present(stored: Record<string, unknown> | null): TenantSettings {
  const s = stored ?? {};
  return {
    allowOutsideIndia: s.allowOutsideIndia === true,
    defaultLanguage: LANGUAGES.includes(s.defaultLanguage as 'en')
      ? (s.defaultLanguage as TenantSettings['defaultLanguage'])
      : DEFAULTS.defaultLanguage,
    transportCostInrPerQuintalKm: typeof s.transportCostInrPerQuintalKm === 'number' ? s.transportCostInrPerQuintalKm : null,
  };
}

export async function read(db: Db, tenantId: string): Promise<{ settings: TenantSettings; version: number }> {
  return db.tenant(
    tenantId,
    async (tx) => {
      const row = await tenantSettingsRow(tx);
      if (!row) throw new AppError('not_found', 'No such tenant');
      return { settings: present(row.settings), version: row.version };
    },
    { readOnly: true },
  );
}

interface Actor {
  actorUserId: string;
  requestId: string;
}

/**
 * Applies a patch under the row's lock; `checkVersion` sees the current version and settings first
 * (If-Match). Audited with the values before and after of each key that changed.
 */
export async function change(
  db: Db,
  tenantId: string,
  patch: TenantSettingsPatch,
  actor: Actor,
  checkVersion: (version: number, current: TenantSettings) => void,
): Promise<{ settings: TenantSettings; version: number }> {
  return db.tenant(tenantId, async (tx) => {
    const row = await tenantSettingsRow(tx, { lock: true });
    if (!row) throw new AppError('not_found', 'No such tenant');
    const before = present(row.settings);
    checkVersion(row.version, before);
    const stored: Record<string, unknown> = { ...row.settings, ...patch };
    if (stored.transportCostInrPerQuintalKm === null) delete stored.transportCostInrPerQuintalKm;
    const after = present(stored);
    const changed = (Object.keys(patch) as (keyof TenantSettings)[]).filter((key) => before[key] !== after[key]);
    if (changed.length === 0) return { settings: before, version: row.version };
    const version = await updateTenantSettings(tx, stored);
    await recordAudit(tx, tenantId, {
      action: 'tenant.settings_changed',
      ...actor,
      subject: `tenant:${tenantId}`,
      details: { from: Object.fromEntries(changed.map((k) => [k, before[k]])), to: Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
    return { settings: after, version };
  });
}
