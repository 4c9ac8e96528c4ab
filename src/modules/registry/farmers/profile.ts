import Type from 'typebox';
import { calendarDate, oneOf, oneOfOrNull, orNull } from '../../../http/schemas.js';

/**
 * The farmer's eligibility profile: what scheme rules ask beyond the registry record. The
 * declarations are the self-declared exclusions of the central schemes (PM-KISAN, PM-KMY); each
 * keeps who set it and when, and every change is an audit event.
 */
export const DECLARATIONS = [
  'incomeTaxPayer',
  'governmentEmployee',
  'pensionAbove10k',
  'constitutionalPost',
  'practisingProfessional',
  'institutionalLandholder',
  'epfoNpsEsic',
] as const;
export type DeclarationName = (typeof DECLARATIONS)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export const LAND_OWNERSHIPS = ['owner', 'tenant', 'sharecropper', 'none'] as const;

const DECLARATION_TEXT: Record<DeclarationName, string> = {
  incomeTaxPayer: 'a family member paid income tax in the last assessment year',
  governmentEmployee: 'a family member is a serving or retired government or PSU employee (not Multi Tasking Staff, Class IV or Group D)',
  pensionAbove10k: 'a family member draws a pension of ₹10,000 a month or more',
  constitutionalPost:
    'a family member holds or held a constitutional post, or was a minister, MP, MLA, MLC, mayor or district panchayat chairperson',
  practisingProfessional: 'a family member is a practising doctor, engineer, lawyer, chartered accountant or architect',
  institutionalLandholder: 'the land is held by an institution',
  epfoNpsEsic: 'covered by NPS, ESIC or EPFO',
};

// One `type` list, not an anyOf: the validator coerces, and in an anyOf null would become false.
const declared = (name: DeclarationName) =>
  Type.Optional(Type.Unsafe<boolean | null>({ type: ['boolean', 'null'], description: DECLARATION_TEXT[name] }));

/** In a create or update: true or false as declared; null (update only) withdraws the declaration. */
export const DeclarationsInput = Type.Object(
  {
    incomeTaxPayer: declared('incomeTaxPayer'),
    governmentEmployee: declared('governmentEmployee'),
    pensionAbove10k: declared('pensionAbove10k'),
    constitutionalPost: declared('constitutionalPost'),
    practisingProfessional: declared('practisingProfessional'),
    institutionalLandholder: declared('institutionalLandholder'),
    epfoNpsEsic: declared('epfoNpsEsic'),
  },
  { additionalProperties: false, description: 'self-declarations (true or false); null withdraws one' },
);

export const DeclarationOutput = Type.Object({
  value: Type.Boolean(),
  setBy: Type.Union([Type.String(), Type.Null()], {
    description: 'the user who set it, in a request or by importing a CSV file; null only on declarations imported before imports kept who',
  }),
  setAt: Type.String({ format: 'date-time' }),
});

const made = Type.Optional(DeclarationOutput);
export const DeclarationsOutput = Type.Object(
  {
    incomeTaxPayer: made,
    governmentEmployee: made,
    pensionAbove10k: made,
    constitutionalPost: made,
    practisingProfessional: made,
    institutionalLandholder: made,
    epfoNpsEsic: made,
  },
  { description: 'each declaration made, with who set it and when; one never made is absent' },
);

export const profileInput = {
  dateOfBirth: calendarDate({ description: 'YYYY-MM-DD; scheme age rules need it' }),
  gender: oneOf(GENDERS),
  landOwnership: oneOf(LAND_OWNERSHIPS, { description: 'owner: cultivable land in their own name' }),
};
export const profilePatch = {
  dateOfBirth: orNull(profileInput.dateOfBirth),
  gender: oneOfOrNull(GENDERS),
  landOwnership: oneOfOrNull(LAND_OWNERSHIPS),
};

export interface StoredDeclaration {
  value: boolean;
  setBy: string | null;
  setAt: string;
}
export type StoredDeclarations = Partial<Record<DeclarationName, StoredDeclaration>>;

export interface DeclarationChange {
  name: DeclarationName;
  from: boolean | null;
  to: boolean | null;
}

/**
 * The declarations after a request: a changed value takes the actor and the time; an unchanged one
 * keeps who set it first; null removes it. Answers the changes, one audit event each.
 */
export function applyDeclarations(
  current: StoredDeclarations,
  input: Partial<Record<DeclarationName, boolean | null>> | undefined,
  actor: string | null,
  now: Date,
): { declarations: StoredDeclarations; changes: DeclarationChange[] } {
  const declarations: StoredDeclarations = { ...current };
  const changes: DeclarationChange[] = [];
  for (const name of DECLARATIONS) {
    const next = input?.[name];
    if (next === undefined) continue;
    const from = current[name]?.value ?? null;
    if (from === next) continue;
    if (next === null) delete declarations[name];
    else declarations[name] = { value: next, setBy: actor, setAt: now.toISOString() };
    changes.push({ name, from, to: next });
  }
  return { declarations, changes };
}
