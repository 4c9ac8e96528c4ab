import type { FarmerEligibilityProfile } from '../../registry/index.js';
import type { EligibilityCriterion, EligibilityField, EligibilityRule } from './rule.js';

/** What a rule is evaluated against: the farmer's profile, null where it is not recorded. */
export type EligibilityProfile = Omit<FarmerEligibilityProfile, 'id' | 'name'>;

export interface Reason {
  criterion: string;
  met: boolean | null;
  text: string;
  textHi: string;
}

export interface Eligibility {
  eligible: boolean | null;
  reasons: Reason[];
  /** The farmer profile fields whose absence makes a criterion unknown. */
  missing: string[];
}

/** Whole years from a date of birth to `today` (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** A fact of the profile, and the profile field to ask for when it is missing. */
function fact(profile: EligibilityProfile, field: EligibilityField, today: string): { value: unknown; source: string } {
  switch (field) {
    case 'ageYears':
      return { value: profile.dateOfBirth ? ageOn(profile.dateOfBirth, today) : null, source: 'dateOfBirth' };
    case 'fieldAreaHa':
      return { value: profile.fieldAreaHa, source: 'fields' };
    case 'crops':
      return { value: profile.crops, source: 'cropCycles' };
    case 'landHoldingHa':
    case 'landOwnership':
    case 'gender':
    case 'state':
      return { value: profile[field], source: field };
    case 'socialCategory':
      // Stored as free text before the scheme rules; compared as the lower-case code (sc, st, obc, general).
      return { value: profile.socialCategory?.trim().toLowerCase() || null, source: field };
    default:
      return { value: profile.declarations[field] ?? null, source: `declarations.${field}` };
  }
}

function holds(criterion: EligibilityCriterion, value: unknown): boolean {
  switch (criterion.op) {
    case 'eq':
      return typeof value === 'string' && typeof criterion.value === 'string'
        ? value.toLowerCase() === criterion.value.toLowerCase()
        : value === criterion.value;
    case 'in':
      return typeof value === 'string' && criterion.value.some((option) => option.toLowerCase() === value.toLowerCase());
    case 'includesAny':
      return Array.isArray(value) && criterion.value.some((crop) => value.includes(crop.toLowerCase()));
    case 'between':
      return (
        typeof value === 'number' &&
        (criterion.min === undefined || value >= criterion.min) &&
        (criterion.max === undefined || value <= criterion.max)
      );
  }
}

/**
 * Evaluates every criterion (three-valued): eligible when all are met, not eligible when any is
 * not, and null, with the missing fields, when none fails but some cannot be told.
 */
export function evaluateEligibility(rule: EligibilityRule, profile: EligibilityProfile, today: string): Eligibility {
  const missing = new Set<string>();
  const reasons = rule.criteria.map((criterion): Reason => {
    const { value, source } = fact(profile, criterion.field, today);
    let met: boolean | null;
    if (value === null || value === undefined) {
      met = criterion.whenMissing === 'met' ? true : criterion.whenMissing === 'unmet' ? false : null;
      if (met === null) missing.add(source);
    } else {
      met = holds(criterion, value);
    }
    return { criterion: criterion.criterion, met, text: criterion.text, textHi: criterion.textHi };
  });
  const eligible = reasons.some((reason) => reason.met === false) ? false : reasons.every((reason) => reason.met === true) ? true : null;
  return { eligible, reasons, missing: [...missing] };
}
