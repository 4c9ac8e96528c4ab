import { RasterInputError } from './errors.js';

/**
 * Polygons of the classes of a class raster: for each class, the union of its pixel squares as
 * polygons with holes, traced along pixel edges (the approach of GDAL's GDALPolygonize, without
 * its 8-connectedness option). Coordinates are in pixel units of the raster: x = column, y = row
 * (growing south), pixel (c, r) being the square [c, c+1] × [r, r+1].
 *
 * Each class's boundary is the set of pixel edges with the class on one side only, each directed
 * so that the class lies on its left on the map (north up), which makes every outer ring
 * counter-clockwise and every hole clockwise, as RFC 7946 asks. Consecutive collinear edges are
 * merged, so a ring's vertices are its corners.
 *
 * Corners where a class touches itself only diagonally (a 2×2 block X Y / Z X, a "saddle") would
 * make a ring pass twice through one point, or two rings of one class touch at a point, which
 * validateBoundary (stricter than OGC) refuses. Such a corner is opened into a bridge: the class
 * on the diagonal joins across the corner (8-connected there) and the two other pixels lose a
 * triangle of legs SADDLE_CHAMFER (1/64 of a pixel, 16 cm at 10 m) at that corner, which the
 * bridge takes. The pixels on the other diagonal are then separate, with their corners cut by the
 * same points, so the classes still tile the raster with no gap or overlap; each saddle moves
 * SADDLE_CHAMFER² of a pixel (0.02 m² at 10 m) between classes. When both diagonals are one class
 * each, the NW–SE diagonal joins, unless it is class 0 (outside), which never joins.
 *
 * Class 0 is "no class" (outside the field): it gets no polygons.
 */

/** [x, y] in pixel units: x = column, y = row. */
export type PixelPoint = [x: number, y: number];
/** A closed ring: the last point repeats the first. */
export type PixelRing = PixelPoint[];
/** Outer ring first, then its holes. */
export type PixelPolygon = PixelRing[];

/** How far a saddle corner is cut, in pixels; a power of two, so corner ± it is exact. */
export const SADDLE_CHAMFER = 1 / 64;

// Ports: where an edge ends at a vertex. At an ordinary vertex every edge meets at the vertex
// itself (tag 0); at a saddle each side of the vertex has its own point, SADDLE_CHAMFER along it.
const CORNER = 0;
const N = 1;
const E = 2;
const S = 3;
const W = 4;
const PORTS = 5;
const NWSE = 1;
const NESW = 2;

interface ClassEdges {
  next: Map<number, number>;
  /** A pixel of the class next to the edge starting at each port, to find its component. */
  pixel: Map<number, number>;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // The smaller index becomes the root, so a component's root is its first pixel in row order.
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}

/**
 * The polygons of every class > 0 of classes (width × height, row-major), by class. Polygons come
 * in the order of their first pixel (row-major), holes by their first vertex; every ring starts at
 * its northernmost, then westernmost vertex.
 */
export function polygonizeClasses(classes: ArrayLike<number>, width: number, height: number): Map<number, PixelPolygon[]> {
  if (!(Number.isInteger(width) && width >= 0 && Number.isInteger(height) && height >= 0) || classes.length !== width * height) {
    throw new RasterInputError('classes', `must hold width × height = ${width} × ${height} values, got ${classes.length}`);
  }
  const vw = width + 1;
  const at = (c: number, r: number) => (c >= 0 && c < width && r >= 0 && r < height ? classes[r * width + c]! : 0);

  const saddle = new Uint8Array(vw * (height + 1));
  for (let r = 1; r < height; r++) {
    for (let c = 1; c < width; c++) {
      const a = at(c - 1, r - 1);
      const b = at(c, r - 1);
      const x = at(c - 1, r);
      const d = at(c, r);
      let type = 0;
      if (a === d && b === x && a !== b) type = a !== 0 ? NWSE : NESW;
      else if (a === d && a !== 0 && a !== b && a !== x) type = NWSE;
      else if (b === x && b !== 0 && b !== a && b !== d) type = NESW;
      saddle[r * vw + c] = type;
    }
  }

  const port = (c: number, r: number, tag: number) => (r * vw + c) * PORTS + (saddle[r * vw + c] ? tag : CORNER);
  const edges = new Map<number, ClassEdges>();
  const add = (cls: number, from: number, to: number, pixel: number) => {
    let e = edges.get(cls);
    if (!e) edges.set(cls, (e = { next: new Map(), pixel: new Map() }));
    e.next.set(from, to);
    e.pixel.set(from, pixel);
  };

  const parent = new Int32Array(width * height);
  for (let i = 0; i < parent.length; i++) parent[i] = i;

  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const cls = classes[i]!;
      if (cls === 0) continue;
      if (at(c, r - 1) !== cls) add(cls, port(c + 1, r, W), port(c, r, E), i);
      if (at(c, r + 1) !== cls) add(cls, port(c, r + 1, E), port(c + 1, r + 1, W), i);
      else union(parent, i, i + width);
      if (at(c - 1, r) !== cls) add(cls, port(c, r, S), port(c, r + 1, N), i);
      if (at(c + 1, r) !== cls) add(cls, port(c + 1, r + 1, N), port(c + 1, r, S), i);
      else union(parent, i, i + 1);
    }
  }

  for (let r = 1; r < height; r++) {
    for (let c = 1; c < width; c++) {
      const type = saddle[r * vw + c]!;
      if (!type) continue;
      const v = (r * vw + c) * PORTS;
      const nw = (r - 1) * width + c - 1;
      const ne = nw + 1;
      const sw = nw + width;
      const se = sw + 1;
      if (type === NWSE) {
        const j = classes[nw]!;
        add(j, v + E, v + N, nw);
        add(j, v + W, v + S, se);
        union(parent, nw, se);
        if (classes[ne]) add(classes[ne]!, v + N, v + E, ne);
        if (classes[sw]) add(classes[sw]!, v + S, v + W, sw);
      } else {
        const j = classes[ne]!;
        add(j, v + N, v + W, ne);
        add(j, v + S, v + E, sw);
        union(parent, ne, sw);
        if (classes[nw]) add(classes[nw]!, v + W, v + N, nw);
        if (classes[se]) add(classes[se]!, v + E, v + S, se);
      }
    }
  }

  const point = (p: number): PixelPoint => {
    const tag = p % PORTS;
    const v = (p - tag) / PORTS;
    const c = v % vw;
    const r = (v - c) / vw;
    if (tag === N) return [c, r - SADDLE_CHAMFER];
    if (tag === S) return [c, r + SADDLE_CHAMFER];
    if (tag === E) return [c + SADDLE_CHAMFER, r];
    if (tag === W) return [c - SADDLE_CHAMFER, r];
    return [c, r];
  };

  const result = new Map<number, PixelPolygon[]>();
  for (const cls of [...edges.keys()].sort((a, b) => a - b)) {
    const { next, pixel } = edges.get(cls)!;
    const visited = new Set<number>();
    const shells = new Map<number, PixelRing>();
    const holes = new Map<number, PixelRing[]>();
    for (const start of next.keys()) {
      if (visited.has(start)) continue;
      const ports: number[] = [];
      let p = start;
      do {
        visited.add(p);
        ports.push(p);
        const q = next.get(p);
        if (q === undefined) throw new Error(`polygonize: open boundary of class ${cls} at port ${p}`);
        p = q;
      } while (p !== start);
      const ring = cornersOf(ports.map(point));
      const component = find(parent, pixel.get(start)!);
      if (signedArea2(ring) > 0) {
        if (shells.has(component)) throw new Error(`polygonize: two outer rings for one component of class ${cls}`);
        shells.set(component, ring);
      } else {
        const list = holes.get(component) ?? [];
        list.push(ring);
        holes.set(component, list);
      }
    }
    const polygons: PixelPolygon[] = [...shells.keys()]
      .sort((a, b) => a - b)
      .map((component) => {
        const own = (holes.get(component) ?? []).sort((a, b) => a[0]![1] - b[0]![1] || a[0]![0] - b[0]![0]);
        return [shells.get(component)!, ...own];
      });
    result.set(cls, polygons);
  }
  return result;
}

/** The ring without collinear vertices, started at its northernmost-westernmost vertex and closed. */
function cornersOf(points: PixelPoint[]): PixelRing {
  const n = points.length;
  const kept: PixelPoint[] = [];
  for (let i = 0; i < n; i++) {
    const [px, py] = points[(i + n - 1) % n]!;
    const [x, y] = points[i]!;
    const [nx, ny] = points[(i + 1) % n]!;
    if (Math.sign(x - px) !== Math.sign(nx - x) || Math.sign(y - py) !== Math.sign(ny - y)) kept.push(points[i]!);
  }
  let first = 0;
  for (let i = 1; i < kept.length; i++) {
    const [x, y] = kept[i]!;
    const [fx, fy] = kept[first]!;
    if (y < fy || (y === fy && x < fx)) first = i;
  }
  const ring = [...kept.slice(first), ...kept.slice(0, first)];
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/** Twice the signed area of a closed ring on the map (x east, y = −row north): > 0 counter-clockwise. */
export function signedArea2(ring: readonly PixelPoint[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, r0] = ring[i]!;
    const [x1, r1] = ring[i + 1]!;
    sum += x0 * -r1 - x1 * -r0;
  }
  return sum;
}
