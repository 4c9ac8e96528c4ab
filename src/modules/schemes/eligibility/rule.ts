import Type, { type Static } from 'typebox';
import Value from 'typebox/value';
import { DECLARATIONS } from '../../registry/index.js';

/**
 * A scheme's eligibility rule: a list of criteria, all of which must hold.
 *
 * Our own typed format rather than JSON Logic: JSON Logic has two-valued logic, so "we cannot tell,
 * the date of birth is missing" would have to be smuggled in as a sentinel and every rule would
 * repeat the same `if missing` dance. Here each criterion names one profile fact, one comparison,
 * and what an unset fact means (`whenMissing`), and carries its own English and Hindi text and
 * source, so a reason reads straight off the rule.
 *
 * whenMissing:
 * - `unknown`: the fact is needed (an age rule needs the date of birth): the criterion is null and
 *   the field is listed as missing. Never a guess.
 * - `met`: a self-declared exclusion (PM-KISAN's income-tax payers…): the farmer declares it, so an
 *   undeclared one does not exclude; the text says it is self-declared.
 * - `unmet`: the fact must be positively recorded to qualify.
 */
export const ELIGIBILITY_FIELDS = [
  'landHoldingHa',
  'landOwnership',
  'socialCategory',
  'gender',
  'state',
  'ageYears',
  'fieldAreaHa',
  'crops',
  ...DECLARATIONS,
] as const;
export type EligibilityField = (typeof ELIGIBILITY_FIELDS)[number];

const Text = { text: Type.String({ minLength: 1, maxLength: 500 }), textHi: Type.String({ minLength: 1, maxLength: 500 }) };
const Common = {
  criterion: Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$', description: 'an id for this criterion, unique in the rule' }),
  // Unsafe only for the static type: a union built from the list checks the same, but types as never.
  field: Type.Unsafe<EligibilityField>(
    Type.Union(
      ELIGIBILITY_FIELDS.map((name) => Type.Literal(name)),
      {
        description:
          "the profile fact compared; ageYears is whole years since dateOfBirth, fieldAreaHa the farmer's fields' total area, crops the crops sown in the past year",
      },
    ),
  ),
  whenMissing: Type.Union([Type.Literal('unknown'), Type.Literal('met'), Type.Literal('unmet')]),
  ...Text,
  source: Type.Optional(Type.String({ maxLength: 500, description: 'where the criterion comes from' })),
};
const Scalar = Type.Union([Type.String({ maxLength: 100 }), Type.Number(), Type.Boolean()]);

export const EligibilityCriterion = Type.Union([
  Type.Object({ ...Common, op: Type.Literal('eq'), value: Scalar }, { additionalProperties: false }),
  Type.Object(
    { ...Common, op: Type.Literal('in'), value: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...Common,
      op: Type.Literal('includesAny'),
      value: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 50, description: 'crop codes' }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      ...Common,
      op: Type.Literal('between'),
      min: Type.Optional(Type.Number()),
      max: Type.Optional(Type.Number()),
    },
    { additionalProperties: false },
  ),
]);
export type EligibilityCriterion = Static<typeof EligibilityCriterion>;

export const EligibilityRule = Type.Object(
  {
    version: Type.Literal(1),
    criteria: Type.Array(EligibilityCriterion, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false, description: 'every criterion must hold; see docs/api.md "Scheme eligibility rules"' },
);
export type EligibilityRule = Static<typeof EligibilityRule>;

export interface RuleProblem {
  path: string;
  message: string;
}

const NUMERIC: ReadonlySet<EligibilityField> = new Set(['landHoldingHa', 'ageYears', 'fieldAreaHa']);

/**
 * Checks a rule as a scheme's writer sends it: the shape, and what the shape cannot say (ids
 * unique, `between` with a bound and only on a number). Answers the rule or the problems.
 */
export function parseEligibilityRule(input: unknown): { rule: EligibilityRule } | { problems: RuleProblem[] } {
  if (!Value.Check(EligibilityRule, input)) {
    const problems = [...Value.Errors(EligibilityRule, input)].slice(0, 10).map((error) => ({
      path: (error as { instancePath?: string; path?: string }).instancePath ?? (error as { path?: string }).path ?? '',
      message: error.message,
    }));
    return { problems: problems.length ? problems : [{ path: '', message: 'is not an eligibility rule' }] };
  }
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  input.criteria.forEach((criterion, i) => {
    if (seen.has(criterion.criterion)) problems.push({ path: `/criteria/${i}/criterion`, message: 'is used twice' });
    seen.add(criterion.criterion);
    if (criterion.op === 'between') {
      if (criterion.min === undefined && criterion.max === undefined)
        problems.push({ path: `/criteria/${i}`, message: 'between needs min or max' });
      if (!NUMERIC.has(criterion.field)) problems.push({ path: `/criteria/${i}/field`, message: 'between compares a number' });
    }
    if ((criterion.op === 'includesAny') !== (criterion.field === 'crops'))
      problems.push({ path: `/criteria/${i}/op`, message: 'crops are compared with includesAny, and only crops' });
  });
  return problems.length ? { problems } : { rule: input };
}
