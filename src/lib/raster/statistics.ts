/**
 * Summary statistics of an index over a field, defined as numpy computes them on a float64 array
 * of the valid values in row-major pixel order, so that anyone with rasterio and numpy gets the
 * same numbers, to the bit:
 * - mean = np.mean: the sum with numpy's pairwise summation (the order matters in the last bits),
 *   divided by n;
 * - std = np.std (population, ddof 0): sqrt(pairwise sum of (x − mean)² / n);
 * - median = np.median: the middle value, or the mean of the two middle values;
 * - p10, p90 = np.percentile(method='linear', numpy's default): linear interpolation between order
 *   statistics at virtual index (n − 1)·p/100, with numpy's two-sided lerp;
 * - min, max.
 * Everything runs in float64 whatever the input array type.
 */

export interface SummaryStatistics {
  count: number;
  mean: number;
  median: number;
  std: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

export type FloatArray = Float64Array | Float32Array;

/** numpy's PW_BLOCKSIZE: blocks up to this size are summed with 8 interleaved accumulators. */
const PAIRWISE_BLOCK = 128;

function pairwise(values: FloatArray, start: number, n: number): number {
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += values[i]!;
    return sum;
  }
  if (n <= PAIRWISE_BLOCK) {
    let r0 = values[start]!;
    let r1 = values[start + 1]!;
    let r2 = values[start + 2]!;
    let r3 = values[start + 3]!;
    let r4 = values[start + 4]!;
    let r5 = values[start + 5]!;
    let r6 = values[start + 6]!;
    let r7 = values[start + 7]!;
    const unrolled = n - (n % 8);
    let i = 8;
    for (; i < unrolled; i += 8) {
      const j = start + i;
      r0 += values[j]!;
      r1 += values[j + 1]!;
      r2 += values[j + 2]!;
      r3 += values[j + 3]!;
      r4 += values[j + 4]!;
      r5 += values[j + 5]!;
      r6 += values[j + 6]!;
      r7 += values[j + 7]!;
    }
    let sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  // Halve, keeping the first half a multiple of the unroll factor, as numpy does.
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, start, half) + pairwise(values, start + half, n - half);
}

/**
 * Sum in numpy's order (np.add.reduce on a contiguous float64 array): numpy starts from the
 * identity 0, which also turns a sum of −0 into +0.
 */
export function pairwiseSum(values: FloatArray): number {
  return 0 + pairwise(values, 0, values.length);
}

/** np.mean; NaN for an empty array, as numpy (which also warns). */
export function mean(values: FloatArray): number {
  return pairwiseSum(values) / values.length;
}

/**
 * np.std with ddof 0, given the mean. scratch (at least values.length long) receives the squared
 * deviations, so a caller that already owns a buffer allocates nothing.
 */
export function populationStd(values: FloatArray, valuesMean: number, scratch = new Float64Array(values.length)): number {
  const n = values.length;
  const squares = scratch.length === n ? scratch : scratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - valuesMean;
    squares[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(squares) / n);
}

/**
 * np.percentile(sorted, p) with the default 'linear' method, for an ascending array. numpy
 * interpolates from the nearer end (b − (b − a)(1 − t) once t ≥ 0.5) to stay monotonic; copying
 * that keeps the last bit equal too.
 */
export function percentileOfSorted(sorted: FloatArray, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 100)) return Number.NaN;
  const virtualIndex = (n - 1) * (p / 100);
  let below = Math.floor(virtualIndex);
  let above = below + 1;
  if (virtualIndex >= n - 1) {
    below = n - 1;
    above = n - 1;
  }
  const t = virtualIndex - Math.floor(virtualIndex);
  const a = sorted[below]!;
  const b = sorted[above]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** np.median of an ascending array: np.mean of the one or two middle values. */
export function medianOfSorted(sorted: FloatArray): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const half = n >> 1;
  return n % 2 === 1 ? (0 + sorted[half]!) / 1 : (0 + sorted[half - 1]! + sorted[half]!) / 2;
}

/**
 * All the statistics of values (in the order numpy would hold them), or null for no values.
 * values is left untouched: one Float64Array copy serves first for the squared deviations and then
 * as the sorted copy (typed-array sort is numeric, ascending).
 */
export function summarize(values: FloatArray): SummaryStatistics | null {
  const n = values.length;
  if (n === 0) return null;
  const scratch = new Float64Array(n);
  const m = mean(values);
  const std = populationStd(values, m, scratch);
  scratch.set(values);
  scratch.sort();
  return {
    count: n,
    mean: m,
    median: medianOfSorted(scratch),
    std,
    p10: percentileOfSorted(scratch, 10),
    p90: percentileOfSorted(scratch, 90),
    min: scratch[0]!,
    max: scratch[n - 1]!,
  };
}
