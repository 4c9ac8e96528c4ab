import Type from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { calendarDate, oneOf, oneOfOrNull, orNull } from '../../http/schemas.js';
import { BENEFIT_PERIODS, SCHEME_LEVELS, type SchemeRow } from './repository.js';

const Code = Type.String({
  pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
  maxLength: 64,
  description: 'lowercase words joined by - (pm-kisan, pmksy-pdmc); unique among the schemes the caller sees',
});

export const SchemeListQuery = Type.Object(
  {
    ...PageQuery.properties,
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Words to find, in English (stemmed: pensions finds pension) or Hindi (as written: बीमा); "a phrase", -word and or work as in a web search. Ranked: name, then benefit, then description',
      }),
    ),
    level: Type.Optional(oneOf(SCHEME_LEVELS, { description: 'central or state' })),
    state: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: "a state's schemes (Telangana, Odisha …), with the central schemes, which apply in every state",
      }),
    ),
  },
  { additionalProperties: false },
);

// Named `id` like the PATCH and DELETE of the same path: OpenAPI has one path item per path.
export const SchemeParams = Type.Object({
  id: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "a scheme's id, or its code (the caller's own scheme of that code first)",
  }),
});
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const SchemeSource = Type.Object({
  key: Type.String(),
  what: Type.String({ description: 'the release, guideline or report' }),
  where: Type.String({ description: 'where it was read' }),
  detail: orNull(Type.String({ description: 'which facts of the scheme it gives' })),
});

export const Scheme = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  shared: Type.Boolean({ description: 'true: the shared catalogue, read-only; false: a scheme of your organisation' }),
  name: Type.String(),
  nameHi: orNull(Type.String({ description: 'in Devanagari; null where no Hindi source was found' })),
  level: oneOf(SCHEME_LEVELS),
  state: orNull(Type.String({ description: 'the state of a state scheme; null for central ones' })),
  department: Type.String({ description: 'the ministry or department that runs it' }),
  description: orNull(Type.String()),
  benefit: Type.String({ description: 'the benefit in words, with its figures' }),
  benefitHi: orNull(Type.String()),
  benefitInr: orNull(Type.Integer({ description: 'the headline amount in ₹ per benefitPer, where the scheme pays one amount' })),
  benefitPer: oneOfOrNull(BENEFIT_PERIODS),
  documents: Type.Array(Type.String(), { description: 'what the applicant brings; empty where no source lists it' }),
  howToApply: orNull(Type.String()),
  sourceUrl: orNull(Type.String({ description: 'the page the facts were read on' })),
  checkedOn: orNull(calendarDate({ description: 'the day sourceUrl was read' })),
  verification: oneOfOrNull(['verified', 'verified-secondary'], {
    description: 'verified: every fact from an official page; verified-secondary: some from a report or copy of an official one',
  }),
  sources: Type.Array(SchemeSource),
  eligibility: Type.Unknown({ description: 'the eligibility rule, null until one is written' }),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const RankedScheme = Type.Object({
  ...Scheme.properties,
  rank: Type.Number({ description: 'how well it matches q (ts_rank); 0 without q' }),
});

const writable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameHi: orNull(Type.String({ minLength: 1, maxLength: 200 })),
  level: oneOf(SCHEME_LEVELS),
  state: orNull(Type.String({ minLength: 1, maxLength: 100, description: 'required for a state scheme, null for a central one' })),
  department: Type.String({ minLength: 1, maxLength: 300 }),
  description: orNull(Type.String({ minLength: 1, maxLength: 4000 })),
  benefit: Type.String({ minLength: 1, maxLength: 4000 }),
  benefitHi: orNull(Type.String({ minLength: 1, maxLength: 4000 })),
  benefitInr: orNull(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
  benefitPer: oneOfOrNull(BENEFIT_PERIODS),
  documents: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }),
  howToApply: orNull(Type.String({ minLength: 1, maxLength: 4000 })),
  sourceUrl: orNull(Type.String({ pattern: '^https?://', maxLength: 2048 })),
  checkedOn: orNull(calendarDate()),
  eligibility: Type.Unsafe<unknown>({
    type: ['object', 'null'],
    description: 'the eligibility rule, {version: 1, criteria: [...]} (docs/api.md, "Scheme eligibility rules"); null removes it',
  }),
};

export const SchemeCreate = Type.Object(
  {
    code: Code,
    ...writable,
    nameHi: Type.Optional(writable.nameHi),
    state: Type.Optional(writable.state),
    description: Type.Optional(writable.description),
    benefitHi: Type.Optional(writable.benefitHi),
    benefitInr: Type.Optional(writable.benefitInr),
    benefitPer: Type.Optional(writable.benefitPer),
    documents: Type.Optional(writable.documents),
    howToApply: Type.Optional(writable.howToApply),
    sourceUrl: Type.Optional(writable.sourceUrl),
    checkedOn: Type.Optional(writable.checkedOn),
    eligibility: Type.Optional(writable.eligibility),
  },
  { additionalProperties: false },
);

export const SchemePatch = Type.Partial(Type.Object(writable, { additionalProperties: false }), { minProperties: 1 });

export function presentScheme(row: SchemeRow) {
  return {
    id: row.id,
    code: row.code,
    shared: row.tenant_id === null,
    name: row.name,
    nameHi: row.name_hi,
    level: row.level,
    state: row.state,
    department: row.department,
    description: row.description,
    benefit: row.benefit,
    benefitHi: row.benefit_hi,
    benefitInr: row.benefit_inr,
    benefitPer: row.benefit_per,
    documents: row.documents,
    howToApply: row.how_to_apply,
    sourceUrl: row.source_url,
    checkedOn: row.checked_on,
    verification: row.verification,
    sources: row.sources,
    eligibility: row.eligibility ?? null,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
