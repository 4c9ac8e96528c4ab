import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  countTenants,
  deleteTenant,
  deleteUsersByPhoneIndex,
  hashPassword,
  insertTenant,
  insertUser,
  upsertMembership,
  upsertUserByEmail,
} from './auth/index.js';
import type { Crypto } from './infra/crypto.js';
import type { Db } from './infra/db/index.js';
import { maskPhone } from './lib/phone.js';
import { seedDemoRegistry, type DemoRegistrySummary } from './seed-registry.js';
import { requestDemoAnalyses } from './modules/imagery/index.js';
import { seedMarketPrices } from './modules/markets/index.js';

export const DEMO_TENANT_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.kheti.local';
/** The textbook example of an Indian mobile number, for the demo farmer. */
export const DEMO_FARMER_PHONE = '+919876543210';

export interface SeedResult {
  seeded: boolean;
  tenantId?: string;
  adminEmail?: string;
  /** Generated at seed time and shown once; only its hash is stored. */
  adminPassword?: string;
  /** A farmer member who signs in with a one-time password sent to this phone. */
  farmerPhone?: string;
  /** What the demo field registry holds; the farmer member is linked to one of its farmers. */
  registry?: DemoRegistrySummary;
}

/**
 * Demo data for a first look: a demo organisation, its administrator, a farmer who signs in
 * by phone, and a field registry (src/seed-registry.ts) in which that farmer is one of six. Runs
 * only on a database without tenants, so it never touches real data.
 */
export async function seedDemo(db: Db, crypto: Crypto): Promise<SeedResult> {
  const adminPassword = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(adminPassword);
  const farmerPhoneSealed = await crypto.seal(DEMO_FARMER_PHONE, 'user.phone');
  const created: SeedResult = await db.platform(async (tx) => {
    // Serialises concurrent seeders (two processes starting at once) without a table lock.
    await tx.query('SELECT pg_advisory_xact_lock(4823775302)');
    if ((await countTenants(tx)) > 0) return { seeded: false };
    const tenant = await insertTenant(tx, { id: uuidv7(), slug: DEMO_TENANT_SLUG, name: 'Demo Farmer Producer Organisation' });
    const admin = await upsertUserByEmail(tx, {
      id: uuidv7(),
      email: DEMO_ADMIN_EMAIL,
      name: 'Demo administrator',
      passwordHash,
      isPlatformAdmin: false,
    });
    await upsertMembership(tx, tenant.id, admin.id, 'tenant_admin');
    const farmerId = uuidv7();
    await insertUser(tx, {
      id: farmerId,
      email: null,
      name: 'Demo farmer',
      phoneIndex: crypto.blindIndex('phone', DEMO_FARMER_PHONE),
      phoneSealed: farmerPhoneSealed,
      phoneHint: maskPhone(DEMO_FARMER_PHONE),
    });
    await upsertMembership(tx, tenant.id, farmerId, 'farmer');
    return { seeded: true, tenantId: tenant.id, adminEmail: DEMO_ADMIN_EMAIL, adminPassword, farmerPhone: DEMO_FARMER_PHONE };
  });
  if (!created.seeded) return created;
  // The registry is written in the tenant's own transaction, under its row-level security, once the
  // tenant exists. Should that fail, the half-made demo organisation and its farmer account go
  // again, so that the next run starts from an empty database rather than refusing to seed.
  try {
    const registry = await seedDemoRegistry(db, created.tenantId!);
    await seedMarketPrices(db); // real Agmarknet records, so prices exist offline
    await requestDemoAnalyses(db, created.tenantId!); // a year of Sentinel-2 for every demo field
    return { ...created, registry };
  } catch (error) {
    await db
      .platform(async (tx) => {
        await deleteTenant(tx, created.tenantId!);
        await deleteUsersByPhoneIndex(tx, crypto.blindIndex('phone', DEMO_FARMER_PHONE));
      })
      .catch(() => undefined);
    throw error;
  }
}

/** `kheti admin create` and KHETI_BOOTSTRAP_ADMIN_*: a platform administrator. */
export async function createPlatformAdmin(db: Db, email: string, password: string, name = 'Platform administrator') {
  const passwordHash = await hashPassword(password);
  return db.platform((tx) => upsertUserByEmail(tx, { id: uuidv7(), email, name, passwordHash, isPlatformAdmin: true }));
}
