import { DECLARATIONS, type Declaration, type Farmer, REVEALABLE } from './types';

/** What the farmer form holds: every input as typed; a declaration is '' (not declared), 'yes' or 'no'. */
export interface FarmerFormValues {
  name: string;
  state: string;
  village: string;
  district: string;
  phone: string;
  landHoldingHa: string;
  category: string;
  socialCategory: string;
  gender: string;
  dateOfBirth: string;
  landOwnership: string;
  aadhaar: string;
  bankAccount: string;
  ifsc: string;
  language: string;
  declarations: Record<Declaration, '' | 'yes' | 'no'>;
}

type PlainKey = Exclude<keyof FarmerFormValues, 'declarations' | (typeof REVEALABLE)[number]>;
const PLAIN: PlainKey[] = [
  'name',
  'state',
  'village',
  'district',
  'landHoldingHa',
  'category',
  'socialCategory',
  'gender',
  'dateOfBirth',
  'landOwnership',
  'ifsc',
  'language',
];

/** The form for a farmer; the masked personal data starts empty (typing replaces it, empty keeps it). */
export function valuesOf(farmer?: Farmer): FarmerFormValues {
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
  const declarations = Object.fromEntries(
    DECLARATIONS.map((name) => {
      const made = farmer?.declarations[name];
      return [name, made === undefined ? '' : made.value ? 'yes' : 'no'];
    }),
  ) as FarmerFormValues['declarations'];
  return {
    name: text(farmer?.name),
    state: text(farmer?.state),
    village: text(farmer?.village),
    district: text(farmer?.district),
    phone: '',
    landHoldingHa: text(farmer?.landHoldingHa),
    category: text(farmer?.category),
    socialCategory: text(farmer?.socialCategory),
    gender: text(farmer?.gender),
    dateOfBirth: text(farmer?.dateOfBirth),
    landOwnership: text(farmer?.landOwnership),
    aadhaar: '',
    bankAccount: '',
    ifsc: text(farmer?.ifsc),
    language: text(farmer?.language),
    declarations,
  };
}

/** A number typed as such; anything else goes as typed so Kheti's 422 names the field. */
const numberOrText = (value: string): number | string => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);

const convert = (key: PlainKey, value: string) => (key === 'landHoldingHa' ? numberOrText(value) : value.trim());

const declared = (value: '' | 'yes' | 'no') => (value === '' ? null : value === 'yes');

/** POST /v1/farmers: what was filled in. Left out, the state makes Kheti answer 422 next to that input. */
export function createBody(values: FarmerFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of [...PLAIN, ...REVEALABLE]) {
    if (values[key].trim() !== '') body[key] = convert(key as PlainKey, values[key]);
  }
  const declarations = Object.fromEntries(
    DECLARATIONS.filter((name) => values.declarations[name] !== '').map((name) => [name, declared(values.declarations[name])]),
  );
  if (Object.keys(declarations).length) body.declarations = declarations;
  return body;
}

/** PATCH /v1/farmers/{id}: only what changed; an emptied input clears the value (null), typed personal data replaces it. */
export function patchBody(values: FarmerFormValues, before: FarmerFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of PLAIN) {
    if (values[key].trim() === before[key].trim()) continue;
    body[key] = values[key].trim() === '' ? null : convert(key, values[key]);
  }
  for (const key of REVEALABLE) if (values[key].trim() !== '') body[key] = values[key].trim();
  const declarations = Object.fromEntries(
    DECLARATIONS.filter((name) => values.declarations[name] !== before.declarations[name]).map((name) => [
      name,
      declared(values.declarations[name]),
    ]),
  );
  if (Object.keys(declarations).length) body.declarations = declarations;
  return body;
}
