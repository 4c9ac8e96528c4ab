import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import {
  INDEX_RAMPS,
  LEGEND_MIN_WIDTH,
  RasterInputError,
  crc32,
  crc32Table,
  encodePng,
  indexColour,
  renderIndexImage,
  renderIndexPng,
  type RgbaImage,
} from '../../src/lib/raster/index.js';

/** Bit-at-a-time CRC-32 (reflected, polynomial 0xEDB88320), independent of both implementations. */
function referenceCrc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

interface DecodedPng extends RgbaImage {
  chunks: string[];
  filters: Set<number>;
}

/** A strict decoder for what encodePng writes: 8-bit RGBA, no interlace, every CRC checked. */
function decodePng(png: Buffer): DecodedPng {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'signature');
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    assert.equal(png.readUInt32BE(offset + 8 + length), referenceCrc(png.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`);
    chunks.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  assert.equal(offset, png.length, 'no trailing bytes');
  assert.ok(header && header.length === 13, 'IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  assert.deepEqual([...header.subarray(8)], [8, 6, 0, 0, 0], 'bit depth 8, RGBA, deflate, adaptive filtering, no interlace');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  assert.equal(raw.length, (stride + 1) * height);
  const rgba = new Uint8Array(stride * height);
  const filters = new Set<number>();
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)]!;
    filters.add(type);
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? rgba[y * stride + i - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i]! : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][type];
      assert.ok(predictor !== undefined, `filter type ${type}`);
      rgba[y * stride + i] = (raw[y * (stride + 1) + 1 + i]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba, chunks, filters };
}

const pixel = (image: RgbaImage, x: number, y: number) => [
  ...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];
const hex = (h: string, alpha = 255) => [
  Number.parseInt(h.slice(1, 3), 16),
  Number.parseInt(h.slice(3, 5), 16),
  Number.parseInt(h.slice(5, 7), 16),
  alpha,
];

describe('crc32', () => {
  it('gives the CRC-32 check value and agrees with the table and bitwise implementations', () => {
    const check = new TextEncoder().encode('123456789');
    assert.equal(crc32(check), 0xcbf43926);
    assert.equal(crc32Table(check), 0xcbf43926);
    const bytes = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
    assert.equal(crc32(bytes), referenceCrc(bytes));
    assert.equal(crc32Table(bytes), referenceCrc(bytes));
    assert.equal(crc32Table(bytes.subarray(500), crc32Table(bytes.subarray(0, 500))), referenceCrc(bytes));
  });
});

describe('encodePng', () => {
  it('writes the well-known header of a 1 × 1 RGBA image', () => {
    const png = encodePng({ width: 1, height: 1, rgba: new Uint8Array([255, 0, 0, 255]) });
    // IHDR of every 1 × 1 8-bit RGBA PNG, CRC 0x1F15C489 included.
    assert.equal(png.subarray(8, 33).toString('hex'), '0000000d49484452000000010000000108060000001f15c489');
    assert.equal(png.subarray(-12).toString('hex'), '0000000049454e44ae426082', 'IEND');
    const decoded = decodePng(png);
    assert.deepEqual(decoded.chunks, ['IHDR', 'IDAT', 'IEND']);
    assert.deepEqual(pixel(decoded, 0, 0), [255, 0, 0, 255]);
  });

  it('round-trips an image through every filter type', () => {
    const width = 37;
    const height = 23;
    const rgba = new Uint8Array(width * height * 4);
    let state = 1;
    const random = () => (state = (state * 48271) % 2147483647) & 0xff;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        // Bands of flat colour, gradients across and down, and noise: each favours another filter.
        const band = Math.floor(y / 5);
        rgba.set(
          band === 0
            ? [200, 10, 10, 255]
            : band === 1
              ? [x * 6, 0, 0, 255]
              : band === 2
                ? [0, y * 9, x * 3, 255]
                : [random(), random(), random(), random()],
          i,
        );
      }
    }
    const decoded = decodePng(encodePng({ width, height, rgba }));
    assert.equal(decoded.width, width);
    assert.equal(decoded.height, height);
    assert.deepEqual(decoded.rgba, rgba);
    assert.ok(decoded.filters.size >= 3, `filters used: ${[...decoded.filters]}`);
  });

  it('refuses a buffer of the wrong size and empty images', () => {
    assert.throws(() => encodePng({ width: 2, height: 2, rgba: new Uint8Array(15) }), RasterInputError);
    assert.throws(() => encodePng({ width: 0, height: 2, rgba: new Uint8Array(0) }), RasterInputError);
  });
});

describe('indexColour', () => {
  it('maps NDVI on ColorBrewer RdYlGn over −0.2 … 1, clamped, interpolated between the 11 colours', () => {
    assert.deepEqual(indexColour('ndvi', -0.2), [0xa5, 0x00, 0x26]);
    assert.deepEqual(indexColour('ndvi', -0.9), [0xa5, 0x00, 0x26]);
    assert.deepEqual(indexColour('ndvi', 0.4), [0xff, 0xff, 0xbf]);
    assert.deepEqual(indexColour('ndvi', 1), [0x00, 0x68, 0x37]);
    assert.deepEqual(indexColour('ndvi', 1.3), [0x00, 0x68, 0x37]);
    // Half-way from #ffffbf (0.4) to #d9ef8b (0.52).
    assert.deepEqual(indexColour('ndvi', 0.46), [236, 247, 165]);
    assert.deepEqual(indexColour('evi', 0.46), [236, 247, 165]);
    assert.equal(indexColour('ndvi', Number.NaN), null);
  });

  it('maps NDWI on ColorBrewer BrBG over −0.8 … 0.8, neutral at 0', () => {
    assert.deepEqual(indexColour('ndwi', -0.8), [0x54, 0x30, 0x05]);
    assert.deepEqual(indexColour('ndwi', 0), [0xf5, 0xf5, 0xf5]);
    assert.deepEqual(indexColour('ndwi', 0.8), [0x00, 0x3c, 0x30]);
    assert.equal(INDEX_RAMPS.ndwi.colours.length, 11);
  });
});

describe('renderIndexPng', () => {
  it('colours the field, leaves the rest transparent, enlarges to 256 px and draws a legend', () => {
    const values = new Float32Array([-0.2, 1, Number.NaN, 0.4]);
    const png = renderIndexPng({ values, width: 2, height: 2, index: 'ndvi' });
    const image = decodePng(png);
    const { scale, mapWidth, mapHeight, legend } = renderIndexImage({ values, width: 2, height: 2, index: 'ndvi' });
    assert.equal(scale, 128);
    assert.deepEqual([mapWidth, mapHeight], [256, 256]);
    assert.ok(legend, 'a legend by default');
    assert.deepEqual([image.width, image.height], [256, 256 + legend.height]);
    assert.equal(legend.height, 30);
    // Each source pixel is a 128 × 128 block, corners included.
    for (const [x, y] of [
      [0, 0],
      [127, 127],
    ])
      assert.deepEqual(pixel(image, x!, y!), hex('#a50026'));
    for (const [x, y] of [
      [128, 0],
      [255, 127],
    ])
      assert.deepEqual(pixel(image, x!, y!), hex('#006837'));
    for (const [x, y] of [
      [0, 128],
      [127, 255],
    ])
      assert.deepEqual(pixel(image, x!, y!), [0, 0, 0, 0]);
    for (const [x, y] of [
      [128, 128],
      [255, 255],
    ])
      assert.deepEqual(pixel(image, x!, y!), hex('#ffffbf'));

    // The legend: opaque white, the colour bar from low to high, black ticks and labels.
    assert.deepEqual(pixel(image, 0, 256), [255, 255, 255, 255]);
    assert.deepEqual(pixel(image, 255, image.height - 1), [255, 255, 255, 255]);
    const { bar } = legend;
    const [lo, hi] = INDEX_RAMPS.ndvi.domain;
    for (const x of [bar.x0, Math.floor((bar.x0 + bar.x1) / 2), bar.x1 - 1]) {
      const value = lo + ((x + 0.5 - bar.x0) / (bar.x1 - bar.x0)) * (hi - lo);
      assert.deepEqual(pixel(image, x, bar.y0), [...indexColour('ndvi', value)!, 255]);
      assert.deepEqual(pixel(image, x, bar.y1 - 1), [...indexColour('ndvi', value)!, 255]);
    }
    assert.deepEqual(pixel(image, bar.x0 - 1, bar.y0), [255, 255, 255, 255]);
    assert.deepEqual(
      legend.ticks.map((t) => t.label),
      ['-0.2', '0', '0.2', '0.4', '0.6', '0.8', '1'],
    );
    assert.ok(
      legend.ticks.every((t) => t.labelX !== null),
      'every label fits at 256 px',
    );
    assert.equal(legend.ticks[0]!.x, bar.x0);
    assert.equal(legend.ticks[6]!.x, bar.x1 - 1);
    for (const tick of legend.ticks) assert.deepEqual(pixel(image, tick.x, bar.y1), [0, 0, 0, 255]);
    // 'N' of the title: its left column is solid, the top row has only the two outer dots.
    const { x: tx, y: ty } = legend.title;
    for (let dy = 0; dy < 7; dy++) assert.deepEqual(pixel(image, tx, ty + dy), [0, 0, 0, 255]);
    assert.deepEqual(
      [0, 1, 2, 3, 4].map((dx) => pixel(image, tx + dx, ty)[0]),
      [0, 255, 255, 255, 0],
    );
    // '1' under the last tick: its stem is the glyph's middle column.
    const one = legend.ticks[6]!;
    assert.deepEqual(pixel(image, one.labelX! + 2, legend.labelY + 3), [0, 0, 0, 255]);
    assert.deepEqual(pixel(image, one.labelX!, legend.labelY + 3), [255, 255, 255, 255]);
  });

  it('chooses the smallest integer enlargement that reaches minSize, capped by maxSize', () => {
    const render = (width: number, height: number, options: { minSize?: number; maxSize?: number; legend?: boolean } = {}) =>
      renderIndexImage({ values: new Float32Array(width * height).fill(0.5), width, height, index: 'evi', ...options });
    assert.equal(render(30, 10).scale, 26);
    assert.equal(render(10, 30, { minSize: 100 }).scale, 10);
    assert.equal(render(300, 3).scale, 6, 'a long thin field is capped at 2048 px');
    assert.equal(render(3000, 5).scale, 1, 'never shrunk');
    assert.equal(render(300, 300).scale, 1);
    const bare = render(7, 5, { legend: false, minSize: 20 });
    assert.deepEqual([bare.image.width, bare.image.height, bare.legend], [28, 20, null]);
    // A narrow map still gets a legend wide enough to read; the map stays on the left.
    const narrow = render(5, 40, { minSize: 10 });
    assert.equal(narrow.image.width, LEGEND_MIN_WIDTH);
    assert.deepEqual(pixel(narrow.image, 20, 0), [0, 0, 0, 0]);
    // From 512 px wide the legend is drawn twice as large.
    assert.equal(render(64, 64, { minSize: 512 }).legend!.fontScale, 2);
    assert.equal(render(64, 64, { minSize: 512 }).legend!.height, 60);
  });

  it('draws NDWI with its own ramp and ticks, and refuses bad input', () => {
    const values = new Float32Array([-0.8, 0, 0.8, Number.NaN]);
    const image = decodePng(renderIndexPng({ values, width: 4, height: 1, index: 'ndwi' }));
    assert.deepEqual([image.width, image.height], [1024, 256 + 60]);
    assert.deepEqual(pixel(image, 0, 0), hex('#543005'));
    assert.deepEqual(pixel(image, 256, 255), hex('#f5f5f5'));
    assert.deepEqual(pixel(image, 767, 100), hex('#003c30'));
    assert.deepEqual(pixel(image, 768, 100), [0, 0, 0, 0]);
    const { legend } = renderIndexImage({ values, width: 4, height: 1, index: 'ndwi' });
    assert.deepEqual(
      legend!.ticks.map((t) => t.label),
      ['-0.8', '-0.4', '0', '0.4', '0.8'],
    );
    assert.throws(() => renderIndexPng({ values, width: 3, height: 1, index: 'ndwi' }), RasterInputError);
    assert.throws(() => renderIndexPng({ values, width: 4, height: 1, index: 'savi' as 'ndvi' }), RasterInputError);
    assert.throws(() => renderIndexPng({ values, width: 4, height: 1, index: 'ndvi', minSize: 0 }), RasterInputError);
  });
});
