/** A farmer as GET /v1/farmers answers it: Aadhaar, bank account and phone masked unless revealed. */
export interface Farmer {
  id: string;
  name: string;
  phone: string | null;
  village: string | null;
  district: string | null;
  state: string;
  landHoldingHa: number | null;
  category: FarmerCategory | null;
  socialCategory: string | null;
  aadhaar: string | null;
  bankAccount: string | null;
  ifsc: string | null;
  language: 'en' | 'hi' | null;
  dateOfBirth: string | null;
  gender: Gender | null;
  landOwnership: LandOwnership | null;
  declarations: Partial<Record<Declaration, { value: boolean; setBy: string | null; setAt: string }>>;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const CATEGORIES = ['marginal', 'small', 'semi_medium', 'medium', 'large'] as const;
export type FarmerCategory = (typeof CATEGORIES)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const LAND_OWNERSHIPS = ['owner', 'tenant', 'sharecropper', 'none'] as const;
export type LandOwnership = (typeof LAND_OWNERSHIPS)[number];

/** The codes the scheme rules compare against (evaluate.ts lower-cases what is stored). */
export const SOCIAL_CATEGORIES = ['general', 'obc', 'sc', 'st'] as const;

/** The self-declared exclusions of PM-KISAN and PM-KMY, in the API's order. */
export const DECLARATIONS = [
  'incomeTaxPayer',
  'governmentEmployee',
  'pensionAbove10k',
  'constitutionalPost',
  'practisingProfessional',
  'institutionalLandholder',
  'epfoNpsEsic',
] as const;
export type Declaration = (typeof DECLARATIONS)[number];

/** The personal data the API masks; a tenant_admin may ask for it in full (`?reveal=`), and that read is audited. */
export const REVEALABLE = ['phone', 'aadhaar', 'bankAccount'] as const;
export type Revealable = (typeof REVEALABLE)[number];

/** GET /v1/farmers/{id}/eligible-schemes: one scheme's answer. `eligible: null` means the profile lacks what the rule needs. */
export interface SchemeEligibility {
  scheme: { id: string; code: string; name: string };
  eligible: boolean | null;
  reasons: { criterion: string; met: boolean | null; text: string; textHi: string }[];
  missing: string[];
}

export interface FieldSummary {
  id: string;
  name: string;
  areaHa: number;
}
