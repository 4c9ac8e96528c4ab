export {
  encodeGeoTiff,
  geoTiffArrayBuffer,
  writeGeoTiff,
  type GeoTiffData,
  type GeoTiffSpec,
} from '../../src/lib/raster/geotiff-writer.js';
