import Type, { type Static } from 'typebox';

/**
 * The STAC API v1 item search (`POST {root}/search`, api.stacspec.org item-search with the query,
 * sort and context extensions) as Element 84 Earth Search v1 answers it for `sentinel-2-l2a`,
 * as far as Kheti reads it. Every object stays open (additional properties allowed): STAC items
 * carry dozens of extension fields Kheti has no use for, and a new one must not break a search.
 *
 * - The answer is a GeoJSON FeatureCollection of items with `links`; the next page is
 *   `links[rel=next]`, either `method: "POST"` with the whole next request in `body` (Earth Search:
 *   the first body plus a `next` token; `merge: true` would mean "merge into the previous body") or
 *   a plain GET of `href` (the STAC API default when `method` is absent).
 * - `properties.datetime` is the acquisition time; `eo:cloud_cover` the whole-tile cloud share in %;
 *   `proj:epsg` the UTM grid (STAC projection extension v1; v2 spells it `proj:code: "EPSG:32643"`);
 *   `s2:processing_baseline` e.g. "05.09"; `earthsearch:boa_offset_applied` whether Element 84
 *   already removed the −0.1 BOA offset from the pixels (older items: `sentinel:boa_offset_applied`).
 * - Assets are keyed `red` (B04), `nir` (B08), `green` (B03), `blue` (B02) at 10 m and `scl` at 20 m,
 *   each with `href` and the raster extension's `raster:bands` (scale 0.0001, offset −0.1, nodata 0
 *   for reflectances; SCL has no scale).
 */

export const StacRasterBandSchema = Type.Object({
  scale: Type.Optional(Type.Number()),
  offset: Type.Optional(Type.Number()),
  /** A number, or "nan" / "inf" / "-inf" as the raster extension allows. */
  nodata: Type.Optional(Type.Union([Type.Number(), Type.String()])),
  data_type: Type.Optional(Type.String()),
});

export const StacAssetSchema = Type.Object({
  href: Type.String({ minLength: 1 }),
  type: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Array(Type.String())),
  'raster:bands': Type.Optional(Type.Array(StacRasterBandSchema)),
  'proj:epsg': Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  'proj:code': Type.Optional(Type.Union([Type.String(), Type.Null()])),
});

export const StacLinkSchema = Type.Object({
  href: Type.String({ minLength: 1 }),
  rel: Type.String(),
  type: Type.Optional(Type.String()),
  method: Type.Optional(Type.String()),
  body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  merge: Type.Optional(Type.Boolean()),
});

export const StacItemSchema = Type.Object({
  type: Type.Literal('Feature'),
  stac_version: Type.Optional(Type.String()),
  id: Type.String({ minLength: 1 }),
  collection: Type.Optional(Type.String()),
  bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4 })),
  geometry: Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Optional(Type.Array(Type.Unknown())) }), Type.Null()]),
  properties: Type.Object({
    datetime: Type.Union([Type.String(), Type.Null()]),
    'eo:cloud_cover': Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    'proj:epsg': Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    'proj:code': Type.Optional(Type.Union([Type.String(), Type.Null()])),
    's2:processing_baseline': Type.Optional(Type.String()),
    'earthsearch:boa_offset_applied': Type.Optional(Type.Boolean()),
    'sentinel:boa_offset_applied': Type.Optional(Type.Boolean()),
  }),
  assets: Type.Record(Type.String(), StacAssetSchema),
  links: Type.Optional(Type.Array(StacLinkSchema)),
});

export const StacItemCollectionSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(StacItemSchema),
  links: Type.Optional(Type.Array(StacLinkSchema)),
  numberMatched: Type.Optional(Type.Number()),
  numberReturned: Type.Optional(Type.Number()),
  context: Type.Optional(
    Type.Object({ limit: Type.Optional(Type.Number()), matched: Type.Optional(Type.Number()), returned: Type.Optional(Type.Number()) }),
  ),
});

export type StacRasterBand = Static<typeof StacRasterBandSchema>;
export type StacAsset = Static<typeof StacAssetSchema>;
export type StacLink = Static<typeof StacLinkSchema>;
export type StacItem = Static<typeof StacItemSchema>;
export type StacItemCollection = Static<typeof StacItemCollectionSchema>;

/** The body of `POST /search` as Kheti sends it. */
export interface StacSearchBody {
  collections: string[];
  intersects: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  datetime: string;
  query: { 'eo:cloud_cover': { lte: number } };
  limit: number;
  sortby?: { field: string; direction: 'asc' | 'desc' }[];
  [key: string]: unknown;
}
