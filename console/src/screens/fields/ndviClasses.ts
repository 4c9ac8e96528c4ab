import { formatNumber, t } from '../../i18n';

/**
 * Five NDVI classes, brown (bare soil) through yellow (sparse crop) to green (dense canopy), and grey
 * for no data. Discrete classes rather than a continuous ramp: a field officer compares fields at a
 * glance and each colour maps to one line of the legend; the list beside the map gives exact values.
 */
export const NDVI_CLASSES = [
  { from: Number.NEGATIVE_INFINITY, to: 0.2, colour: '#8c510a', label: 'fields.ndvi.class.bare' },
  { from: 0.2, to: 0.4, colour: '#d8b365', label: 'fields.ndvi.class.sparse' },
  { from: 0.4, to: 0.6, colour: '#f2e36b', label: 'fields.ndvi.class.moderate' },
  { from: 0.6, to: 0.8, colour: '#8cc665', label: 'fields.ndvi.class.good' },
  { from: 0.8, to: Number.POSITIVE_INFINITY, colour: '#1a7a3c', label: 'fields.ndvi.class.dense' },
] as const;

export const NO_DATA_COLOUR = '#a3a3a3';

export function ndviColour(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_DATA_COLOUR;
  // Classed as shown (two decimals), so a field listed as "NDVI 0.60" is never drawn in 0.40–0.60's colour.
  const shown = Math.round(value * 100) / 100;
  return NDVI_CLASSES.find((c) => shown < c.to)?.colour ?? NO_DATA_COLOUR;
}

export const formatNdvi = (value: number) => formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The range of a class in words, "0.2–0.4", "below 0.2", "0.8 and more". */
export function classRange(c: (typeof NDVI_CLASSES)[number]): string {
  if (c.from === Number.NEGATIVE_INFINITY) return t('fields.ndvi.below', { value: formatNdvi(c.to) });
  if (c.to === Number.POSITIVE_INFINITY) return t('fields.ndvi.atLeast', { value: formatNdvi(c.from) });
  return `${formatNdvi(c.from)}–${formatNdvi(c.to)}`;
}
