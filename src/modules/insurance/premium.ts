/**
 * The farmer's share of the PMFBY premium, as the scheme caps it (myScheme's PMFBY page,
 * myscheme.gov.in/schemes/pmfby; reference/README.md, "PMFBY rules used in code"): 2 % of the sum
 * insured for kharif food and oilseed crops, 1.5 % for rabi food and oilseed crops, 5 % for annual
 * commercial and horticultural crops in either season — each "of SI or Actuarial rate, whichever
 * is less". The rest of the actuarial premium is the government's premium subsidy (Centre and
 * State together).
 */

export const PMFBY_CLASSES = ['food_crop', 'oilseed', 'annual_commercial_horticultural'] as const;
export type PmfbyClass = (typeof PMFBY_CLASSES)[number];
export type PmfbySeason = 'kharif' | 'rabi';

export function farmerRatePct(cropClass: PmfbyClass, season: PmfbySeason): number {
  if (cropClass === 'annual_commercial_horticultural') return 5;
  return season === 'kharif' ? 2 : 1.5;
}

/** Rupees to the paisa: premiums are paid in rupees and paise. */
const rupees = (amount: number) => Math.round(amount * 100) / 100;

export interface PremiumInput {
  cropClass: PmfbyClass;
  season: PmfbySeason;
  areaHa: number;
  sumInsuredPerHaInr: number;
  actuarialRatePct?: number | undefined;
}

export interface Premium {
  sumInsuredInr: number;
  farmerRatePct: number;
  farmerPremiumInr: number;
  actuarialRatePct?: number;
  totalPremiumInr?: number;
  governmentPremiumInr?: number;
}

export function pmfbyPremium(input: PremiumInput): Premium {
  const sumInsuredInr = rupees(input.areaHa * input.sumInsuredPerHaInr);
  const cap = farmerRatePct(input.cropClass, input.season);
  if (input.actuarialRatePct === undefined)
    return { sumInsuredInr, farmerRatePct: cap, farmerPremiumInr: rupees((sumInsuredInr * cap) / 100) };
  // The farmer pays the cap or the actuarial rate, whichever is less; the subsidy is the rest.
  const rate = Math.min(cap, input.actuarialRatePct);
  const farmerPremiumInr = rupees((sumInsuredInr * rate) / 100);
  const totalPremiumInr = rupees((sumInsuredInr * input.actuarialRatePct) / 100);
  const governmentPremiumInr = rupees(totalPremiumInr - farmerPremiumInr);
  return {
    sumInsuredInr,
    farmerRatePct: rate,
    farmerPremiumInr,
    actuarialRatePct: input.actuarialRatePct,
    totalPremiumInr,
    governmentPremiumInr,
  };
}

const CLASS_WORDS: Record<PmfbyClass, string> = {
  food_crop: 'a food crop',
  oilseed: 'an oilseed crop',
  annual_commercial_horticultural: 'an annual commercial or horticultural crop',
};

/** The answer's `basis`: the rule applied and where it comes from. */
export function premiumBasis(crop: string, cropClass: PmfbyClass, season: PmfbySeason, classSource: string): string {
  const rate = farmerRatePct(cropClass, season);
  const rule =
    cropClass === 'annual_commercial_horticultural'
      ? 'PMFBY farmers pay 5 % of the sum insured for annual commercial and horticultural crops, or the actuarial rate, whichever is less'
      : `PMFBY farmers pay ${rate} % of the sum insured for ${season} food and oilseed crops, or the actuarial rate, whichever is less`;
  return `${crop} is ${CLASS_WORDS[cropClass]} (${classSource}); ${rule} (myScheme, PMFBY premium rate table, myscheme.gov.in/schemes/pmfby; reference/README.md).`;
}
