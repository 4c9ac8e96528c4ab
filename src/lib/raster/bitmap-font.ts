import type { RgbaImage } from './png.js';

/**
 * A tiny bitmap font for map legends: digits, '.', '-', and the capitals of the index names
 * (NDVI, EVI, NDWI), 7 pixels high, 5 wide (narrower for '.', '-' and 'I'), drawn 1 pixel apart.
 * Hand-drawn in the style of the classic 5×7 dot-matrix character sets (HD44780 and the like).
 */

const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  '.': ['..', '..', '..', '..', '..', '##', '##'],
  '-': ['....', '....', '....', '####', '....', '....', '....'],
  ' ': ['...', '...', '...', '...', '...', '...', '...'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  I: ['###', '.#.', '.#.', '.#.', '.#.', '.#.', '###'],
  N: ['#...#', '##..#', '#.#.#', '#..##', '#...#', '#...#', '#...#'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '##.##', '#...#'],
};

export const FONT_HEIGHT = 7;
const SPACING = 1;

function glyph(ch: string): readonly string[] {
  const g = GLYPHS[ch];
  if (!g) throw new RangeError(`bitmap font: no glyph for ${JSON.stringify(ch)}`);
  return g;
}

/** Width of text in pixels at scale (each font pixel drawn as scale × scale). */
export function textWidth(text: string, scale = 1): number {
  let w = 0;
  for (const ch of text) w += glyph(ch)[0]!.length + SPACING;
  return Math.max(0, w - SPACING) * scale;
}

/** Draws text with its top-left corner at (x, y); pixels outside the image are skipped. */
export function drawText(
  image: RgbaImage,
  text: string,
  x: number,
  y: number,
  colour: readonly [number, number, number, number],
  scale = 1,
): void {
  let cx = x;
  for (const ch of text) {
    const g = glyph(ch);
    for (let gy = 0; gy < FONT_HEIGHT; gy++) {
      const line = g[gy]!;
      for (let gx = 0; gx < line.length; gx++) {
        if (line[gx] !== '#') continue;
        for (let sy = 0; sy < scale; sy++) {
          const py = y + gy * scale + sy;
          if (py < 0 || py >= image.height) continue;
          for (let sx = 0; sx < scale; sx++) {
            const px = cx + gx * scale + sx;
            if (px < 0 || px >= image.width) continue;
            image.rgba.set(colour, (py * image.width + px) * 4);
          }
        }
      }
    }
    cx += (g[0]!.length + SPACING) * scale;
  }
}
