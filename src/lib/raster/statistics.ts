/**
 * Summary statistics of an index over a field, defined as numpy computes them on a float64 array
 * of the valid values in row-major pixel order, so that anyone with rasterio and numpy gets the
 * same numbers, to the bit:
 * - mean = np.mean: the sum with numpy's pairwise summation (the order matters in the last bits),
 *   divided by n. numpy reduces a long array in blocks of its ufunc buffer (8192 values): pairwise
 *   within each block, the blocks' sums added one after the other;
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
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  // Halve, keeping the first half a multiple of the unroll factor, as numpy does.
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwise(values, start, half) + pairwise(values, start + half, n - half);
}

/** numpy's default ufunc buffer size (np.getbufsize()): the longest run a reduction sums pairwise. */
const NUMPY_BUFFER = 8192;

/**
 * Sum in numpy's order (np.add.reduce on a contiguous float64 array): from the identity 0 (which
 * also turns a sum of −0 into +0), adding the pairwise sum of each block of NUMPY_BUFFER values.
 */
export function pairwiseSum(values: FloatArray): number {
  let sum = 0;
  for (let start = 0; start < values.length; start += NUMPY_BUFFER) {
    sum += pairwise(values, start, Math.min(NUMPY_BUFFER, values.length - start));
  }
  return sum;
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

/** Above this many values summarize finds the order statistics it needs without sorting. */
const SELECT_ABOVE = 1 << 16;

/** Buckets of selectRanks: the top 20 bits of a double's order-preserving key (sign, exponent, 8 bits of mantissa). */
const BUCKET_BITS = 20;

/** True on little-endian hosts, where the high word of float64 i is 32-bit word 2i + 1. */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Puts at each position of ranks (ascending, distinct) of values the number a full sort would put
 * there, as np.partition does for the kth it is given; other positions are left as they were.
 * Two passes over the values instead of a sort: a histogram of their order-preserving keys (the
 * IEEE bits with the sign flipped for positives, all bits inverted for negatives, which orders
 * doubles as numbers) finds the bucket of each rank, then the values of those few buckets are
 * gathered and sorted. A bucket spans 1/256 of a power of two, so the values sorted are a small
 * part of an index's; an array of one repeated value sorts all of it, as before. Needs values
 * without NaN and −0.
 */
function selectRanks(values: Float64Array, ranks: readonly number[]): void {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const high = LITTLE_ENDIAN_HOST ? 1 : 0;
  const shift = 32 - BUCKET_BITS;
  const bucketOf = (i: number) => {
    const h = words[2 * i + high]!;
    return ((h & 0x80000000) !== 0 ? ~h : h | 0x80000000) >>> shift;
  };
  const counts = new Uint32Array(1 << BUCKET_BITS);
  for (let i = 0; i < n; i++) counts[bucketOf(i)]!++;

  // The bucket of each rank and the rank of its bucket's first value.
  const slotOfBucket = new Int8Array(1 << BUCKET_BITS).fill(-1);
  const slots: { first: number; values: Float64Array; filled: number }[] = [];
  const slotOfRank: number[] = [];
  let bucket = 0;
  let before = 0;
  for (const rank of ranks) {
    while (before + counts[bucket]! <= rank) before += counts[bucket++]!;
    if (slotOfBucket[bucket] === -1) {
      slotOfBucket[bucket] = slots.length;
      slots.push({ first: before, values: new Float64Array(counts[bucket]!), filled: 0 });
    }
    slotOfRank.push(slotOfBucket[bucket]!);
  }
  for (let i = 0; i < n; i++) {
    const slot = slotOfBucket[bucketOf(i)]!;
    if (slot >= 0) {
      const s = slots[slot]!;
      s.values[s.filled++] = values[i]!;
    }
  }
  for (const s of slots) s.values.sort();
  ranks.forEach((rank, r) => {
    const s = slots[slotOfRank[r]!]!;
    values[rank] = s.values[rank - s.first]!;
  });
}

/**
 * All the statistics of values (in the order numpy would hold them), or null for no values.
 * values is left untouched: one Float64Array copy serves first for the squared deviations and then
 * for the order statistics. Up to SELECT_ABOVE values it is sorted (typed-array sort is numeric,
 * ascending); above, only the positions the median and the percentiles read are put in place (see
 * selectRanks) and min and max come from a scan: on a whole tile (10⁸ values) about a second
 * instead of half a minute. Both give the same bits: values that compare equal are the same
 * number, unless the array holds NaN or −0, which take the sort.
 */
export function summarize(values: FloatArray): SummaryStatistics | null {
  const n = values.length;
  if (n === 0) return null;
  const scratch = new Float64Array(n);
  const m = mean(values);
  const std = populationStd(values, m, scratch);
  scratch.set(values);
  let min = scratch[0]!;
  let max = min;
  let select = n > SELECT_ABOVE;
  if (select) {
    for (let i = 0; i < n; i++) {
      const v = scratch[i]!;
      if (Number.isNaN(v) || Object.is(v, -0)) {
        select = false;
        break;
      }
      if (v < min) min = v;
      else if (v > max) max = v;
    }
  }
  if (select) {
    const half = n >> 1;
    const ranks = new Set<number>([half - (n % 2 === 1 ? 0 : 1), half]);
    for (const p of [10, 90]) {
      const below = Math.min(Math.floor((n - 1) * (p / 100)), n - 1);
      ranks.add(below).add(Math.min(below + 1, n - 1));
    }
    selectRanks(
      scratch,
      [...ranks].sort((a, b) => a - b),
    );
  } else {
    scratch.sort();
    min = scratch[0]!;
    max = scratch[n - 1]!;
  }
  return {
    count: n,
    mean: m,
    median: medianOfSorted(scratch),
    std,
    p10: percentileOfSorted(scratch, 10),
    p90: percentileOfSorted(scratch, 90),
    min,
    max,
  };
}
