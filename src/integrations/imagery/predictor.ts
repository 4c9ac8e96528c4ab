/**
 * TIFF Predictor 2 (horizontal differencing, which Sentinel-2 COGs use) undone in place: each
 * sample of a row was stored as its difference from the sample before it.
 *
 * geotiff.js undoes it in one loop shared by 8-, 16- and 32-bit rows, which V8 cannot specialise:
 * about 8 ns a sample in bench/raster-ndvi.ts, nearly as long as the inflate. Here each sample
 * size has its own loop, and 16-bit rows go two samples a step (about 0.7 ns a sample). Rows are
 * independent, so a reader can undo only the rows a window needs (see cog-reader.ts).
 */

/** True on little-endian hosts, where a Uint16Array over a little-endian tile reads it as it is. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Rows [fromRow, toRow) of single-sample pixels, `width` samples a row. */
export function undoPredictorRows(samples: Uint8Array | Uint16Array, width: number, fromRow: number, toRow: number): void {
  if (samples instanceof Uint8Array) undoRows8(samples, width, fromRow, toRow);
  else if (LITTLE_ENDIAN_HOST && width % 2 === 0 && samples.byteOffset % 4 === 0) {
    undoRows16InPairs(new Uint32Array(samples.buffer, samples.byteOffset, samples.length >> 1), width >> 1, fromRow, toRow);
  } else undoRows16(samples, width, fromRow, toRow);
}

/** Pixels of `stride` samples (or 32-bit samples): each sample adds the one `stride` before it in its row. */
export function undoPredictorInterleaved(
  samples: Uint8Array | Uint16Array | Uint32Array,
  rowSamples: number,
  rows: number,
  stride: number,
): void {
  for (let r = 0; r < rows; r++) {
    const end = (r + 1) * rowSamples;
    // The store wraps the sum to the sample's size.
    for (let i = r * rowSamples + stride; i < end; i++) samples[i] = samples[i]! + samples[i - stride]!;
  }
}

// One function per array type, so that each loop sees a single element kind, and the running
// value stays in a register instead of being read back from the sample just written.
function undoRows8(samples: Uint8Array, width: number, fromRow: number, toRow: number): void {
  for (let r = fromRow; r < toRow; r++) {
    const start = r * width;
    const end = start + width;
    let value = samples[start]!;
    for (let i = start + 1; i < end; i++) samples[i] = value = (value + samples[i]!) & 0xff;
  }
}

function undoRows16(samples: Uint16Array, width: number, fromRow: number, toRow: number): void {
  for (let r = fromRow; r < toRow; r++) {
    const start = r * width;
    const end = start + width;
    let value = samples[start]!;
    for (let i = start + 1; i < end; i++) samples[i] = value = (value + samples[i]!) & 0xffff;
  }
}

/** Two samples a step, as one 32-bit word (a, b) that becomes (value + a, value + a + b): half the loads and stores. */
function undoRows16InPairs(words: Uint32Array, rowWords: number, fromRow: number, toRow: number): void {
  for (let r = fromRow; r < toRow; r++) {
    const end = (r + 1) * rowWords;
    let value = 0; // a row's first sample is its own value
    for (let i = r * rowWords; i < end; i++) {
      const word = words[i]!;
      const first = (value + word) & 0xffff;
      value = (first + (word >>> 16)) & 0xffff;
      words[i] = first | (value << 16);
    }
  }
}
