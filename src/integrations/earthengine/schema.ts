import Type, { type Static } from 'typebox';

/**
 * The parts of Google's wire formats that Kheti reads, as the documentation describes them.
 *
 * Service-account sign-in (developers.google.com/identity/protocols/oauth2/service-account and
 * RFC 7523): the JSON key file from Cloud Console › IAM & Admin › Service accounts carries
 * `type: "service_account"`, `client_email`, `private_key` (PKCS#8 PEM), `private_key_id` and
 * `token_uri`. The token endpoint answers `{"access_token", "expires_in", "token_type": "Bearer"}`,
 * or a 400/401 with an OAuth error `{"error": "invalid_grant", "error_description": "…"}`.
 *
 * Earth Engine REST v1 (developers.google.com/earth-engine/reference/rest/v1): an image asset
 * (EarthEngineAsset) has `name` ("projects/earthengine-public/assets/COPERNICUS/S2_SR_HARMONIZED/
 * <index>"), `id` (the same without "projects/*\/assets/", "intended for display purposes only"),
 * `startTime` (RFC 3339, "the time at which a satellite image was taken"), `properties` and
 * `bands[]`, each band with `id` and `grid` (PixelGrid: `dimensions {width, height}`,
 * `affineTransform {scaleX, shearX, translateX, shearY, scaleY, translateY}`, `crsCode` such as
 * "EPSG:32643" or `crsWkt`). The JSON is proto3's mapping, which leaves out fields holding their
 * default value, so a zero shear or translation may simply be absent: every number below is
 * optional and reads as 0 when missing. Errors answer `{"error": {"code", "message", "status"}}`.
 */

export const EARTH_ENGINE_SCOPE = 'https://www.googleapis.com/auth/earthengine';
export const JWT_BEARER_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export const ServiceAccountKeySchema = Type.Object({
  type: Type.Optional(Type.String()),
  client_email: Type.String({ minLength: 3 }),
  private_key: Type.String({ minLength: 1 }),
  private_key_id: Type.String({ minLength: 1 }),
  token_uri: Type.Optional(Type.String()),
});

export const TokenResponseSchema = Type.Object({
  access_token: Type.String({ minLength: 1 }),
  expires_in: Type.Number({ exclusiveMinimum: 0 }),
  token_type: Type.String(),
});
export type TokenResponse = Static<typeof TokenResponseSchema>;

export const OAuthErrorSchema = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });

const OptionalNumber = Type.Optional(Type.Number());

export const AffineTransformSchema = Type.Object({
  scaleX: OptionalNumber,
  shearX: OptionalNumber,
  translateX: OptionalNumber,
  shearY: OptionalNumber,
  scaleY: OptionalNumber,
  translateY: OptionalNumber,
});

export const EePixelGridSchema = Type.Object({
  dimensions: Type.Optional(Type.Object({ width: OptionalNumber, height: OptionalNumber })),
  affineTransform: Type.Optional(AffineTransformSchema),
  crsCode: Type.Optional(Type.String()),
  crsWkt: Type.Optional(Type.String()),
});
export type EePixelGrid = Static<typeof EePixelGridSchema>;

export const ImageBandSchema = Type.Object({
  id: Type.String(),
  grid: Type.Optional(EePixelGridSchema),
});

export const ImageAssetSchema = Type.Object({
  type: Type.Optional(Type.String()),
  name: Type.String({ minLength: 1 }),
  id: Type.Optional(Type.String()),
  startTime: Type.Optional(Type.String()),
  endTime: Type.Optional(Type.String()),
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  bands: Type.Optional(Type.Array(ImageBandSchema)),
});
export type ImageAsset = Static<typeof ImageAssetSchema>;

export const ListAssetsResponseSchema = Type.Object({
  assets: Type.Optional(Type.Array(ImageAssetSchema)),
  nextPageToken: Type.Optional(Type.String()),
});
export type ListAssetsResponse = Static<typeof ListAssetsResponseSchema>;

export const GoogleErrorSchema = Type.Object({
  error: Type.Object({ code: Type.Optional(Type.Number()), message: Type.Optional(Type.String()), status: Type.Optional(Type.String()) }),
});
