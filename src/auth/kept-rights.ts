import type { Principal } from './principal.js';

/**
 * The caller's rights (role, platform admin, a client's creator) as read from the primary, kept
 * by this process for a short time so that a caller's burst of requests does not read them again
 * on every request.
 *
 * The rule for a removal or a demotion: it takes effect in this process at once (every change of
 * a membership or a client made here clears what is kept, and a read that started before such a
 * change is not kept), and in any other process within `keepMs` (15 s by default), never later
 * than the access token's own expiry, which bounds every entry.
 * Entries are found by the token's subject and tenant together: rights kept for one tenant are
 * never looked up for another. Only successful reads are kept; a refusal is read again each time.
 * Memory is bounded: past `maxEntries` the oldest entry goes.
 */
export type KeptPrincipal = Omit<Principal, 'scopes'>;

export class KeptRights {
  private readonly entries = new Map<string, { principal: KeptPrincipal; until: number }>();
  private generation = 0;

  constructor(
    readonly keepMs = 15_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(subject: string, tenantId: string | null) {
    return `${subject}\n${tenantId ?? ''}`;
  }

  get(subject: string, tenantId: string | null): KeptPrincipal | undefined {
    const key = KeptRights.key(subject, tenantId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.principal;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * Reads the rights with `read` and keeps them until `min(now + keepMs, tokenExpiresAt)`, unless
   * they were forgotten while the read was under way.
   */
  async read(subject: string, tenantId: string | null, tokenExpiresAt: number, read: () => Promise<KeptPrincipal>): Promise<KeptPrincipal> {
    const startedAt = this.generation;
    const principal = await read();
    const until = Math.min(this.now() + this.keepMs, tokenExpiresAt);
    if (this.keepMs > 0 && startedAt === this.generation && until > this.now()) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(KeptRights.key(subject, tenantId), { principal, until });
    }
    return principal;
  }

  /** After any change of a membership, an account or a client: nothing kept before it is used again. */
  forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** This process's kept rights, shared by its bearer authenticator and cleared by membership changes. */
export const keptRights = new KeptRights();

/** Call after committing a change to who belongs where, with which role, or a client's revocation. */
export function forgetKeptRights(): void {
  keptRights.forgetAll();
}
