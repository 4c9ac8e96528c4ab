import type { Tx } from '../../../infra/db/index.js';
import { farmerEligibilityProfiles, type FarmerEligibilityProfile } from '../../registry/index.js';
import { listSchemes, type SchemeRow } from '../repository.js';
import { evaluateEligibility, type Eligibility } from './evaluate.js';
import { parseEligibilityRule, type EligibilityRule } from './rule.js';

/** Today in India, the day an age is counted on. */
export const todayInIndia = (now = new Date()) => new Date(now.getTime() + 330 * 60_000).toISOString().slice(0, 10);

/** A stored rule, read back through the same parser as a written one: a rule that no longer parses is no rule. */
export function ruleOf(scheme: Pick<SchemeRow, 'eligibility'>): EligibilityRule | undefined {
  if (scheme.eligibility === null || scheme.eligibility === undefined) return undefined;
  const parsed = parseEligibilityRule(scheme.eligibility);
  return 'rule' in parsed ? parsed.rule : undefined;
}

/** Every scheme visible to the caller that has a rule, by name. */
export async function schemesWithRules(tx: Tx): Promise<{ scheme: SchemeRow; rule: EligibilityRule }[]> {
  const found: { scheme: SchemeRow; rule: EligibilityRule }[] = [];
  let after: (string | number)[] | undefined;
  for (;;) {
    const rows = await listSchemes(tx, { after, limit: 200 });
    for (const scheme of rows) {
      const rule = ruleOf(scheme);
      if (rule) found.push({ scheme, rule });
    }
    if (rows.length < 200) return found;
    const last = rows.at(-1)!;
    after = [last.name, last.id];
  }
}

export type EligibilityFilter = 'true' | 'false' | 'unknown';
const filterOf = (eligible: boolean | null): EligibilityFilter => (eligible === null ? 'unknown' : eligible ? 'true' : 'false');

export interface FarmerEligibility extends Eligibility {
  farmer: Pick<FarmerEligibilityProfile, 'id' | 'name'>;
}

/**
 * One scheme's rule over every farmer the caller sees: the count of each answer, and in name order
 * the farmers with the asked-for answer after the cursor (name, id, in the database's order), up to `limit + 1`.
 */
export async function eligibleFarmers(
  tx: Tx,
  rule: EligibilityRule,
  filter: EligibilityFilter | undefined,
  after: [string, string] | undefined,
  limit: number,
  today: string,
): Promise<{ counts: Record<'eligible' | 'notEligible' | 'unknown' | 'total', number>; rows: FarmerEligibility[] }> {
  const counts = { eligible: 0, notEligible: 0, unknown: 0, total: 0 };
  for await (const profile of farmerEligibilityProfiles(tx, today)) {
    const { eligible } = evaluateEligibility(rule, profile, today);
    counts.total++;
    if (eligible === true) counts.eligible++;
    else if (eligible === false) counts.notEligible++;
    else counts.unknown++;
  }
  const rows: FarmerEligibility[] = [];
  for await (const profile of farmerEligibilityProfiles(tx, today, after)) {
    const result = evaluateEligibility(rule, profile, today);
    if (filter && filterOf(result.eligible) !== filter) continue;
    rows.push({ farmer: { id: profile.id, name: profile.name }, ...result });
    if (rows.length > limit) break;
  }
  return { counts, rows };
}
