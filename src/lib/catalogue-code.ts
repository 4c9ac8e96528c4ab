/**
 * The one rule for reading a crop or commodity code a person typed: case, surrounding spaces and
 * the separators people use between words (space, hyphen) do not matter, so "Wheat", " wheat " and
 * "Tur-Arhar" name the catalogue's `wheat` and `tur_arhar`.
 */
export const catalogueCode = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
