/**
 * The error every agronomy function throws for an impossible input. It is a RangeError (the value
 * is outside what the formula admits) that names the offending field, so an HTTP layer can answer
 * 400 with a pointer to the field instead of returning a NaN or a negative evapotranspiration.
 */
export class AgronomyInputError extends RangeError {
  override readonly name = 'AgronomyInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Throws unless value is a finite number inside [min, max]; both bounds inclusive. */
export function requireInRange(field: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AgronomyInputError(field, 'must be a finite number');
  }
  if (value < min || value > max) {
    throw new AgronomyInputError(field, `must be between ${min} and ${max}, got ${value}`);
  }
}
