/**
 * The life of a scheme application: draft → submitted → under_review → approved | rejected, an
 * approved one → disbursed; a draft or submitted one may be withdrawn. Rejected, disbursed and
 * withdrawn are final.
 */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'under_review', 'approved', 'rejected', 'disbursed', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TRANSITIONS: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['under_review', 'withdrawn'],
  under_review: ['approved', 'rejected'],
  approved: ['disbursed'],
  rejected: [],
  disbursed: [],
  withdrawn: [],
};

/** What a farmer may do to their own application: send it in, or take it back. The review is the staff's. */
export const FARMER_TRANSITIONS: readonly ApplicationStatus[] = ['submitted', 'withdrawn'];

export const allowedFrom = (status: ApplicationStatus, asFarmer: boolean): ApplicationStatus[] =>
  TRANSITIONS[status].filter((next) => !asFarmer || FARMER_TRANSITIONS.includes(next));
