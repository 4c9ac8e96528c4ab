import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { kmlGen } from '@tmcw/togeojson';
import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';
import { AppError } from '../../../errors.js';
import { BOUNDARY_LIMITS } from '../../../lib/geometry/index.js';

/**
 * Reading a field import (see import.ts for the whole flow): a GeoJSON FeatureCollection parsed
 * as the body streams in, or a KML document, into plain features — or one problem for the whole
 * upload, before anything is written.
 */
export const MAX_FEATURES = 5000;
/** A 5 000-field GeoJSON file of walked boundaries (a few hundred positions each) is 20-40 MB. */
export const MAX_GEOJSON_BYTES = 50 * 1024 * 1024;
/** KML is parsed as one DOM, about ten times its size in memory, so it has a smaller cap. */
export const MAX_KML_BYTES = 10 * 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export type UploadFormat = 'geojson' | 'kml';

/**
 * A request body not yet read: the content-type parser of the import route hands the raw stream
 * over, so a large file is parsed as it arrives instead of being held as one string.
 */
export class Upload {
  /** Set when reading stopped before the end of the body: the connection should then close. */
  abandoned = false;

  constructor(
    readonly stream: Readable,
    readonly format: UploadFormat,
    readonly declaredLength: number | undefined,
  ) {}

  /** What a request hash sees (Idempotency-Key): the body is a stream, read once, by the handler. */
  toJSON() {
    return { upload: this.format, length: this.declaredLength ?? null };
  }
}

/** Marks a feature whose size passed the per-feature cap; it was skipped, not assembled. */
export const OVERSIZE = Symbol('oversize feature');

/**
 * Tokens one feature may take: a position is 4 tokens (`[`, lon, lat, `]`), so this allows the
 * boundary cap of validateBoundary with room for rings and properties. A larger feature fails on
 * its own without being held in memory.
 */
const MAX_FEATURE_TOKENS = BOUNDARY_LIMITS.maxPositions * 4 + 20_000;
/** GeoJSON nests 8 deep for a MultiPolygon inside a collection; properties may add a few more. */
const MAX_DEPTH = 64;

const tooManyFeatures = () =>
  new AppError(
    'payload_too_large',
    `An import holds at most ${MAX_FEATURES} features; split the file and import the parts one after another`,
  );

const notCollection = (message: string) =>
  new AppError('validation_failed', `The body is not a GeoJSON FeatureCollection: ${message}`, { errors: [{ path: 'body', message }] });

/**
 * Consumes the tokens of one JSON document and keeps the elements of its top-level `features`
 * array, each assembled on its own; everything else at the top level is checked or skipped.
 */
class CollectionReader {
  readonly features: unknown[] = [];
  private depth = 0;
  private started = false;
  private type: unknown;
  private sawFeatures = false;
  /** The top-level key whose value comes next. */
  private key: string | null = null;
  private inFeatures = false;
  private feature: Assembler | null = null;
  private featureTokens = 0;
  private oversize = false;

  push(token: Token): void {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (opens && ++this.depth > MAX_DEPTH) throw notCollection(`values are nested more than ${MAX_DEPTH} deep`);
    if (closes) this.depth--;

    if (!this.started) {
      this.started = true;
      if (token.name !== 'startObject') throw notCollection('the body must be a JSON object with "type": "FeatureCollection"');
      return;
    }
    if (this.inFeatures) {
      this.pushFeatureToken(token, opens, closes);
      return;
    }
    if (this.depth === 0) return; // the end of the top-level object
    if (this.depth === 1 && token.name === 'keyValue') {
      this.key = token.value;
      return;
    }
    // The value of a top-level member: its first token, or a later token of a skipped value.
    const key = this.key;
    this.key = null;
    if (key === 'type') {
      if (token.name !== 'stringValue' || token.value !== 'FeatureCollection') {
        const got = token.name === 'stringValue' ? `"${token.value.slice(0, 40)}"` : 'not a string';
        throw notCollection(`"type" must be "FeatureCollection" (it is ${got})`);
      }
      this.type = token.value;
    } else if (key === 'features') {
      if (token.name !== 'startArray') throw notCollection('"features" must be an array of Features');
      if (this.sawFeatures) throw notCollection('"features" appears twice');
      this.sawFeatures = true;
      this.inFeatures = true;
    }
  }

  private pushFeatureToken(token: Token, opens: boolean, closes: boolean): void {
    if (this.depth === 1 && closes) {
      this.inFeatures = false; // the end of the features array
      return;
    }
    if (this.feature === null) {
      // The first token of an element.
      if (this.features.length >= MAX_FEATURES) throw tooManyFeatures();
      if (!opens) {
        this.features.push(scalarOf(token));
        return;
      }
      this.feature = new Assembler();
      this.featureTokens = 0;
      this.oversize = false;
    }
    if (!this.oversize) {
      if (++this.featureTokens > MAX_FEATURE_TOKENS) {
        this.oversize = true;
      } else {
        this.feature.consume(token);
      }
    }
    if (this.depth === 2 && closes) {
      this.features.push(this.oversize ? OVERSIZE : this.feature.current);
      this.feature = null;
    }
  }

  finish(): unknown[] {
    if (!this.started) throw new AppError('bad_request', 'The body is empty: send a GeoJSON FeatureCollection');
    if (this.type === undefined) throw notCollection('"type": "FeatureCollection" is missing');
    if (!this.sawFeatures) throw notCollection('"features" is missing');
    return this.features;
  }
}

function scalarOf(token: Token): unknown {
  switch (token.name) {
    case 'stringValue':
      return token.value;
    case 'numberValue':
      return Number(token.value);
    case 'trueValue':
      return true;
    case 'falseValue':
      return false;
    default:
      return null;
  }
}

/**
 * stream-json's bare tokenizer, driven synchronously chunk by chunk (no object-mode stream per
 * token): it takes text, answers its tokens, and is flushed with stream-chain's `none` symbol.
 */
type Tokenizer = (chunk: string | symbol) => { values: Token[] } | symbol;
const NONE = Symbol.for('object-stream.none');

/** Reads a body to its end, handing each chunk to `take`; stops early (and drains) on a problem. */
function consume(upload: Upload, maxBytes: number, take: (chunk: Buffer) => void, end: () => void): Promise<void> {
  if (upload.declaredLength !== undefined && upload.declaredLength > maxBytes) {
    upload.abandoned = true;
    return Promise.reject(bodyTooLarge(maxBytes));
  }
  const { stream } = upload;
  return new Promise<void>((resolve, reject) => {
    let received = 0;
    const detach = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const stop = (error: unknown) => {
      detach();
      // Whatever else the client sends is read and dropped; the reply closes the connection.
      upload.abandoned = true;
      stream.resume();
      reject(error);
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > maxBytes) return stop(bodyTooLarge(maxBytes));
      try {
        take(bytes);
      } catch (error) {
        stop(error);
      }
    }
    function onEnd() {
      detach();
      try {
        end();
        resolve();
      } catch (error) {
        reject(error);
      }
    }
    function onError() {
      detach();
      reject(new AppError('bad_request', 'The upload was interrupted before its end'));
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.resume();
  });
}

const bodyTooLarge = (maxBytes: number) =>
  new AppError(
    'payload_too_large',
    `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; split it and import the parts one after another`,
  );

/** The features of a GeoJSON FeatureCollection, parsed as the body streams in. */
export async function readGeoJsonFeatures(upload: Upload): Promise<unknown[]> {
  const tokenizer = jsonParser({ streamValues: false }) as unknown as Tokenizer;
  const decoder = new StringDecoder('utf8');
  const reader = new CollectionReader();
  let first = true;
  let blank = true;
  const feed = (text: string | symbol) => {
    let out: ReturnType<Tokenizer>;
    try {
      out = tokenizer(text);
    } catch (error) {
      throw new AppError(
        'bad_request',
        `The body is not valid JSON (${(error as Error).message.replace(/^Parser cannot parse input: /, '')})`,
      );
    }
    if (typeof out !== 'symbol') for (const token of out.values) reader.push(token);
  };
  await consume(
    upload,
    MAX_GEOJSON_BYTES,
    (chunk) => {
      let text = decoder.write(chunk);
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark
      }
      if (blank && /\S/.test(text)) blank = false;
      feed(text);
    },
    () => {
      if (blank) throw new AppError('bad_request', 'The body is empty: send a GeoJSON FeatureCollection');
      feed(decoder.end());
      feed(NONE);
    },
  );
  return reader.finish();
}

const notKml = (message: string) =>
  new AppError('validation_failed', `The body is not a KML document: ${message}`, { errors: [{ path: 'body', message }] });

/**
 * The placemarks of a KML document as GeoJSON features (through @tmcw/togeojson): the placemark's
 * `<name>` becomes `properties.name`, `<ExtendedData>` values (farmId, id) become properties, and
 * a MultiGeometry of polygons becomes a MultiPolygon.
 */
export async function readKmlFeatures(upload: Upload): Promise<unknown[]> {
  const chunks: Buffer[] = [];
  await consume(
    upload,
    MAX_KML_BYTES,
    (chunk) => chunks.push(chunk),
    () => undefined,
  );
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new AppError('bad_request', 'The body is empty: send a KML document');
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    // xmldom expands no external entities; errors (not just fatal ones) stop the parse.
    doc = new DOMParser({ onError: onErrorStopParsing }).parseFromString(text, 'text/xml');
  } catch (error) {
    throw notKml(`it is not well-formed XML (${String((error as Error).message ?? error).split('\n')[0]})`);
  }
  const root = doc.documentElement;
  if (root?.localName !== 'kml') throw notKml(`the root element is <${root?.tagName ?? 'none'}>, not <kml>`);
  const placemarks = doc.getElementsByTagName('Placemark').length;
  if (placemarks > MAX_FEATURES) throw tooManyFeatures();
  // kmlGen yields every Placemark first (with a null geometry when it has none), then ground
  // overlays and network links, which are not fields.
  const features: unknown[] = [];
  for (const feature of kmlGen(doc)) {
    if (features.length === placemarks) break;
    features.push(fromKml(feature));
  }
  return features;
}

function fromKml(feature: { geometry: unknown; properties: unknown }) {
  const geometry = feature.geometry;
  if (isRecord(geometry) && geometry.type === 'GeometryCollection' && Array.isArray(geometry.geometries)) {
    const parts = geometry.geometries as unknown[];
    if (parts.every((part) => isRecord(part) && part.type === 'Polygon')) {
      return {
        ...feature,
        geometry: { type: 'MultiPolygon', coordinates: parts.map((part) => (part as { coordinates: unknown }).coordinates) },
      };
    }
  }
  return feature;
}
