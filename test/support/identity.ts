import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';

/** Real sign-ins through the HTTP API, for tests that exercise identity and isolation. */
export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  tenant_id?: string;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface TestTenant {
  id: string;
  slug: string;
  admin: TestUser;
  /** The admin's tokens for this tenant. */
  tokens: TokenSet;
}

export const bearer = (tokens: TokenSet | string) => ({
  authorization: `Bearer ${typeof tokens === 'string' ? tokens : tokens.access_token}`,
});

const unique = () => uuidv7().slice(-12);

/**
 * A loopback address of its own for each simulated person, so the per-address limits on
 * registration and sign-in see many people, as in the field, rather than one busy machine.
 */
export const someAddress = () =>
  `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

export async function registerUser(
  app: FastifyInstance,
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<TestUser> {
  const email = overrides.email ?? `person-${unique()}@example.org`;
  const password = overrides.password ?? `correct horse ${unique()}`;
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    remoteAddress: someAddress(),
    payload: { email, password, name: overrides.name ?? 'Test Person' },
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return { id: response.json().id, email, password };
}

export async function passwordGrant(app: FastifyInstance, user: { email: string; password: string }, tenant?: string) {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    remoteAddress: someAddress(),
    payload: { grant_type: 'password', username: user.email, password: user.password, ...(tenant ? { tenant } : {}) },
  });
}

export async function signIn(app: FastifyInstance, user: { email: string; password: string }, tenant?: string): Promise<TokenSet> {
  const response = await passwordGrant(app, user, tenant);
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

/** A new tenant whose admin registered and signed in, as a new customer would. */
export async function createTenant(app: FastifyInstance, slug = `t-${unique()}`): Promise<TestTenant> {
  const admin = await registerUser(app);
  const first = await signIn(app, admin);
  const created = await app.inject({
    method: 'POST',
    url: '/v1/tenants',
    headers: bearer(first),
    payload: { name: `Tenant ${slug}`, slug },
  });
  if (created.statusCode !== 201) throw new Error(`create tenant failed: ${created.statusCode} ${created.body}`);
  const tokens = await signIn(app, admin, slug);
  return { id: created.json().id, slug, admin, tokens };
}

/** Adds a member with a role (a fresh account with a password) and signs them in to the tenant. */
export async function addMember(app: FastifyInstance, tenant: TestTenant, role: 'tenant_admin' | 'agronomist' | 'farmer' | 'viewer') {
  const user = await registerUser(app);
  await joinTenant(app, tenant, user, role);
  return { user, tokens: await signIn(app, user, tenant.slug) };
}

/** The tenant's admin invites the person by email, and the person, signed in, accepts. */
export async function joinTenant(
  app: FastifyInstance,
  tenant: TestTenant,
  user: TestUser,
  role: 'tenant_admin' | 'agronomist' | 'farmer' | 'viewer',
): Promise<void> {
  const invited = await app.inject({
    method: 'POST',
    url: `/v1/tenants/${tenant.id}/members`,
    headers: bearer(tenant.tokens),
    payload: { email: user.email, role },
  });
  if (invited.statusCode !== 202) throw new Error(`invite failed: ${invited.statusCode} ${invited.body}`);
  const accepted = await app.inject({
    method: 'POST',
    url: '/v1/invitations/accept',
    remoteAddress: someAddress(),
    headers: bearer(await signIn(app, user)),
    payload: { token: invited.json().token },
  });
  if (accepted.statusCode !== 200) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
}
