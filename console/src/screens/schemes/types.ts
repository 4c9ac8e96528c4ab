/** A scheme of GET /v1/schemes (the shared catalogue and the tenant's own). */
export interface Scheme {
  id: string;
  code: string;
  shared: boolean;
  name: string;
  nameHi: string | null;
  level: 'central' | 'state';
  state: string | null;
  department: string;
  description: string | null;
  benefit: string;
  benefitHi: string | null;
  benefitInr: number | null;
  benefitPer: string | null;
  documents: string[];
  howToApply: string | null;
  sourceUrl: string | null;
  checkedOn: string | null;
  /** The eligibility rule; null until one is written, and then no farmer can be counted eligible. */
  eligibility: unknown;
}

/** The statuses of src/modules/schemes/applications/status.ts, in the order the board shows them. */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'under_review', 'approved', 'rejected', 'disbursed', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface Application {
  id: string;
  farmerId: string;
  schemeId: string;
  status: ApplicationStatus;
  /** What the caller may move it to next, as Kheti decides: the board offers these and nothing else. */
  allowedTransitions: ApplicationStatus[];
  history: { from: ApplicationStatus | null; to: ApplicationStatus; by: string | null; at: string; note: string | null }[];
  createdAt: string;
  version: number;
}

export interface EligibleFarmersCounts {
  counts: { eligible: number; notEligible: number; unknown: number; total: number };
}
