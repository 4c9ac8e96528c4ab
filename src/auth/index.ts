/**
 * The identity & access layer's face: what the modules, the app, the jobs, the seed and the CLI
 * use of auth. Files inside auth import each other directly, never this file.
 */

// Wiring the app: the identity kit, who is calling, what they may do.
export { createIdentity, type Identity } from './identity.js';
export { createKeyStore, type KeyStore, type SigningKey } from './keys.js';
export { ACCESS_TOKEN_AUDIENCE } from './tokens.js';
export { bearerAuthenticator, createAccessTokenResolver, invalidToken, type AccessTokenHolder } from './bearer.js';
export { forgetKeptRights, KeptRights } from './kept-rights.js';
export { anonymousOnly, requirePrincipal, requireTenant, type Authenticator, type Principal } from './principal.js';
export { PERMISSIONS, isAllowed, registerAuthorization, type Permission } from './permissions.js';
export { TENANT_ROLES, type Role, type TenantRole } from './roles.js';
export { tenantScope } from './tenant-scope.js';

// Routes.
export { accountRoutes } from './account-routes.js';
export { oauthRoutes } from './oauth-routes.js';
export { createSignInLimits } from './sign-in-limits.js';
export { otpRoutes, type OtpRoutesOptions } from './otp-routes.js';

// Passwords, client secrets, phone sign-in upkeep.
export { MIN_PASSWORD_LENGTH, hashPassword } from './passwords.js';
export { hashClientSecret } from './client-secret.js';
export { pruneOtpChallenges } from './otp.js';

// The audit trail.
export { listAuditEvents, recordAudit, recordAudits, recordUserAudit, type AuditEvent, type AuditRow } from './audit.js';

// Sealed columns of auth's tables, for data-key rotation.
export { AUTH_SEALED_COLUMNS } from './sealed-columns.js';

// Invitations into a tenant.
export {
  INVITATION_TTL_DAYS,
  findInvitation,
  insertInvitation,
  invitationStatus,
  listInvitations,
  revokeInvitation,
  type InvitationRow,
  type Invitee,
} from './invitations.js';

// OAuth clients of a tenant.
export { clientExists, insertClient, listClients, revokeClient, type ClientRole, type ClientRow } from './oauth-clients.js';

// Users, memberships and tenants.
export {
  countTenantAdmins,
  countTenants,
  deleteMember,
  deleteTenant,
  deleteUsersByPhoneIndex,
  findFirstFarmerMemberId,
  findMember,
  findTenant,
  findTenantId,
  findUserIdByEmail,
  findUserIdByPhoneIndex,
  findUserProfile,
  insertMembership,
  insertTenant,
  insertUser,
  isMemberByContact,
  isTenantSlugTaken,
  listMembers,
  listMembershipsOfUser,
  listTenants,
  listTenantsOfUser,
  lockMemberRole,
  tenantSettings,
  tenantSettingsRow,
  updateTenantSettings,
  updateMemberRole,
  upsertMembership,
  upsertUserByEmail,
  type MemberRow,
  type MembershipOfUserRow,
  type TenantRow,
  type UserProfileRow,
  type UserRow,
} from './identity-repository.js';
