/**
 * The error every raster function throws for an input it cannot compute on: a grid that is not
 * north-up, a CRS that is not WGS 84 / UTM, a band window of the wrong size. It is a RangeError
 * that names the offending field, like the agronomy library's, so the imagery job can tell a bad
 * scene (skip it, say why) from a bug (crash loudly).
 */
export class RasterInputError extends RangeError {
  override readonly name = 'RasterInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Throws unless value is a finite number. */
export function requireFinite(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RasterInputError(field, `must be a finite number, got ${String(value)}`);
  }
}
