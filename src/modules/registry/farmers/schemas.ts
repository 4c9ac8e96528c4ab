import Type from 'typebox';
import { oneOf, oneOfOrNull, orNull } from '../../../http/schemas.js';
import { DeclarationsInput, DeclarationsOutput, GENDERS, LAND_OWNERSHIPS, profileInput, profilePatch } from './profile.js';

export const FARMER_LANGUAGES = ['en', 'hi'] as const;

export const FARMER_CATEGORIES = ['marginal', 'small', 'semi_medium', 'medium', 'large'] as const;
export type FarmerCategory = (typeof FARMER_CATEGORIES)[number];

const Category = Type.Union(
  [Type.Literal('marginal'), Type.Literal('small'), Type.Literal('semi_medium'), Type.Literal('medium'), Type.Literal('large')],
  { description: 'Agricultural census class by land holding: marginal < 1 ha, small 1-2, semi_medium 2-4, medium 4-10, large ≥ 10' },
);

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  phone: Type.String({ minLength: 10, maxLength: 32, description: 'an Indian mobile number' }),
  village: Type.String({ maxLength: 200 }),
  district: Type.String({ maxLength: 200 }),
  state: Type.String({ minLength: 1, maxLength: 100 }),
  landHoldingHa: Type.Number({ minimum: 0, maximum: 100_000 }),
  category: Category,
  socialCategory: Type.String({ maxLength: 50, description: 'e.g. general, obc, sc, st' }),
  aadhaar: Type.String({ minLength: 12, maxLength: 14, description: '12 digits (spaces allowed); checked with the Verhoeff checksum' }),
  bankAccount: Type.String({ minLength: 9, maxLength: 24, description: '9-18 digits' }),
  ifsc: Type.String({ pattern: '^[A-Za-z]{4}0[A-Za-z0-9]{6}$', description: 'the branch IFSC, e.g. SBIN0001234' }),
  userId: Type.String({ format: 'uuid', description: 'the account of this farmer (role farmer), for signing in' }),
  language: oneOf(FARMER_LANGUAGES, {
    description: "the language of the farmer's notifications and SMS: en or hi; absent, the organisation's",
  }),
};

export const FarmerCreate = Type.Object(
  {
    id: Type.Optional(
      Type.String({ format: 'uuid', description: 'a client-made id (offline creation); a retried create returns the first' }),
    ),
    name: editable.name,
    state: editable.state,
    phone: Type.Optional(editable.phone),
    village: Type.Optional(editable.village),
    district: Type.Optional(editable.district),
    landHoldingHa: Type.Optional(editable.landHoldingHa),
    category: Type.Optional(editable.category),
    socialCategory: Type.Optional(editable.socialCategory),
    aadhaar: Type.Optional(editable.aadhaar),
    bankAccount: Type.Optional(editable.bankAccount),
    ifsc: Type.Optional(editable.ifsc),
    userId: Type.Optional(editable.userId),
    language: Type.Optional(editable.language),
    dateOfBirth: Type.Optional(profileInput.dateOfBirth),
    gender: Type.Optional(profileInput.gender),
    landOwnership: Type.Optional(profileInput.landOwnership),
    declarations: Type.Optional(DeclarationsInput),
  },
  { additionalProperties: false },
);

/** Every field optional; null clears an optional one. */
export const FarmerPatch = Type.Object(
  {
    name: Type.Optional(editable.name),
    state: Type.Optional(editable.state),
    phone: Type.Optional(orNull(editable.phone)),
    village: Type.Optional(orNull(editable.village)),
    district: Type.Optional(orNull(editable.district)),
    landHoldingHa: Type.Optional(orNull(editable.landHoldingHa)),
    category: Type.Optional(oneOfOrNull(FARMER_CATEGORIES)),
    socialCategory: Type.Optional(orNull(editable.socialCategory)),
    aadhaar: Type.Optional(orNull(editable.aadhaar)),
    bankAccount: Type.Optional(orNull(editable.bankAccount)),
    ifsc: Type.Optional(orNull(editable.ifsc)),
    userId: Type.Optional(orNull(editable.userId)),
    language: Type.Optional(oneOfOrNull(FARMER_LANGUAGES)),
    dateOfBirth: Type.Optional(profilePatch.dateOfBirth),
    gender: Type.Optional(profilePatch.gender),
    landOwnership: Type.Optional(profilePatch.landOwnership),
    declarations: Type.Optional(DeclarationsInput),
  },
  { additionalProperties: false },
);

const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const Farmer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  phone: nullable(Type.String({ description: 'masked unless revealed' })),
  village: nullable(Type.String()),
  district: nullable(Type.String()),
  state: Type.String(),
  landHoldingHa: Type.Union([Type.Number(), Type.Null()]),
  category: Type.Union([Category, Type.Null()]),
  socialCategory: nullable(Type.String()),
  aadhaar: nullable(Type.String({ description: 'XXXX-XXXX-1234 unless revealed' })),
  bankAccount: nullable(Type.String({ description: 'masked unless revealed' })),
  ifsc: nullable(Type.String()),
  userId: nullable(Type.String()),
  language: Type.Union([oneOf(FARMER_LANGUAGES), Type.Null()], { description: "null: the organisation's default language" }),
  dateOfBirth: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  gender: Type.Union([oneOf(GENDERS), Type.Null()]),
  landOwnership: Type.Union([oneOf(LAND_OWNERSHIPS), Type.Null()]),
  declarations: DeclarationsOutput,
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const FarmerListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of a name, village or district' })),
  village: Type.Optional(Type.String({ maxLength: 200 })),
  district: Type.Optional(Type.String({ maxLength: 200 })),
  state: Type.Optional(Type.String({ maxLength: 100 })),
  category: Type.Optional(Category),
  phone: Type.Optional(Type.String({ maxLength: 32, description: 'exact phone number (found by blind index)' })),
  aadhaar: Type.Optional(Type.String({ maxLength: 14, description: 'exact Aadhaar number (found by blind index)' })),
});

export const Reveal = Type.Object({
  reveal: Type.Optional(
    Type.String({
      pattern: '^(aadhaar|bankAccount|phone)(,(aadhaar|bankAccount|phone))*$',
      description: 'tenant_admin: comma-separated aadhaar, bankAccount, phone to show in full (audited)',
    }),
  ),
});

/** India's agricultural census size classes. */
export function categoryOf(landHoldingHa: number): FarmerCategory {
  if (landHoldingHa < 1) return 'marginal';
  if (landHoldingHa < 2) return 'small';
  if (landHoldingHa < 4) return 'semi_medium';
  if (landHoldingHa < 10) return 'medium';
  return 'large';
}
