#!/usr/bin/python3
"""
The GDAL side of bench/raster-ndvi.ts: the same NDVI statistics with rasterio and numpy (Debian's
packages, /usr/bin/python3) on the same files, so the TypeScript benchmark can print a ratio.

    /usr/bin/python3 bench/raster_ndvi.py <data-dir>

It answers commands on stdin, one per line, each with one JSON line on stdout:
- "info": versions, the CPUs this process may run on, GDAL_CACHEMAX;
- "whole": the whole tile: red, nir (10 m) and SCL (20 m) read in full, SCL sampled at the 10 m
  pixel centres, NDVI over the kept pixels, the statistics;
- "fields": every field of fields.geojson, one window per field: the boundary projected with
  transform_geom (PROJ), rasterio.windows.from_bounds on its projected bbox (rounded out to whole
  pixels), red, nir and SCL windows read, rasterio.features.geometry_mask (all_touched=False: pixel
  centres inside), SCL sampled at the 10 m centres, the statistics;
- "quit".
Each command runs inside one rasterio.Env(). Datasets are opened inside the timed region of every command and closed at its end, so GDAL's block
cache (GDAL_CACHEMAX, 5 % of RAM by default) only helps within one command, as the COG reader's
caches do on the other side.

Rules, as src/lib/raster/field-statistics.ts applies them: SCL classes 0, 1, 3, 8, 9, 10, 11
excluded; DN 0 in red or nir is no data; reflectance = DN * 0.0001 - 0.1 (baseline >= 04.00); a
denominator <= 0 drops the pixel. Statistics in float64 over the values in row-major order:
np.mean, np.median, np.std (ddof 0), np.percentile 10 and 90 (method 'linear'), min, max.
"""
import json
import math
import os
import resource
import sys
import time

import numpy as np
import rasterio
from rasterio.crs import CRS
from rasterio.features import geometry_mask
from rasterio.warp import transform_geom
from rasterio.windows import Window, from_bounds

SCALE = 0.0001
OFFSET = -0.1
EXCLUDED = np.zeros(256, dtype=bool)
EXCLUDED[[0, 1, 3, 8, 9, 10, 11]] = True

DATA = sys.argv[1]
RED = os.path.join(DATA, 'B04.tif')
NIR = os.path.join(DATA, 'B08.tif')
SCL = os.path.join(DATA, 'SCL.tif')
with open(os.path.join(DATA, 'fields.geojson')) as f:
    FIELDS = [feature['geometry'] for feature in json.load(f)['features']]
WGS84 = CRS.from_epsg(4326)


def summary(values):
    if values.size == 0:
        return None
    p10, p90 = np.percentile(values, [10, 90])
    return {
        'count': int(values.size),
        'mean': float(np.mean(values)),
        'median': float(np.median(values)),
        'std': float(np.std(values)),
        'p10': float(p10),
        'p90': float(p90),
        'min': float(values.min()),
        'max': float(values.max()),
    }


def ndvi_statistics(red, nir, inside, excluded):
    """red, nir: DN windows; inside: pixels of the field (None: all); excluded: their SCL class is excluded."""
    pixels = int(red.size) if inside is None else int(np.count_nonzero(inside))
    kept = ~excluded if inside is None else inside & ~excluded
    kept_count = int(np.count_nonzero(kept))
    data = kept & (red != 0) & (nir != 0)
    r = red[data].astype(np.float64) * SCALE + OFFSET
    n = nir[data].astype(np.float64) * SCALE + OFFSET
    denominator = n + r
    positive = denominator > 0
    values = (n[positive] - r[positive]) / denominator[positive]
    return {
        'pixelsInField': pixels,
        'sclExcludedPixels': pixels - kept_count,
        'noDataPixels': kept_count - int(r.size),
        'zeroDenominatorPixels': int(r.size) - int(values.size),
        'stats': summary(values),
    }


def scl_index(transform, first, count, scl_transform, scl_count, axis):
    """For each 10 m column (axis 0) or row (axis 1), the SCL column/row under its centre; -1 off the SCL window."""
    if axis == 0:
        centres = transform.c + (first + np.arange(count) + 0.5) * transform.a
        index = np.floor((centres - scl_transform.c) / scl_transform.a).astype(np.intp)
    else:
        centres = transform.f + (first + np.arange(count) + 0.5) * transform.e
        index = np.floor((centres - scl_transform.f) / scl_transform.e).astype(np.intp)
    index[(index < 0) | (index >= scl_count)] = -1
    return index


def excluded_at_centres(scl, rows, cols):
    """EXCLUDED of the SCL class under each 10 m centre; class 0 (excluded) off the SCL window."""
    flags = EXCLUDED[scl]
    out = flags[np.clip(rows, 0, None)][:, np.clip(cols, 0, None)]
    out[rows < 0, :] = True
    out[:, cols < 0] = True
    return out


def covering(bounds, dataset):
    """The whole pixels of dataset covering bounds (left, bottom, right, top), clipped to it."""
    w = from_bounds(*bounds, transform=dataset.transform)
    c0 = max(0, math.floor(w.col_off))
    r0 = max(0, math.floor(w.row_off))
    c1 = min(dataset.width, math.ceil(w.col_off + w.width))
    r1 = min(dataset.height, math.ceil(w.row_off + w.height))
    return Window(c0, r0, max(0, c1 - c0), max(0, r1 - r0))


def whole():
    started = time.perf_counter()
    with rasterio.open(RED) as red_ds, rasterio.open(NIR) as nir_ds, rasterio.open(SCL) as scl_ds:
        red = red_ds.read(1)
        nir = nir_ds.read(1)
        scl = scl_ds.read(1)
        read = time.perf_counter()
        rows = scl_index(red_ds.transform, 0, red_ds.height, scl_ds.transform, scl_ds.height, 1)
        cols = scl_index(red_ds.transform, 0, red_ds.width, scl_ds.transform, scl_ds.width, 0)
        excluded = excluded_at_centres(scl, rows, cols)
        result = ndvi_statistics(red, nir, None, excluded)
    done = time.perf_counter()
    return {'ms': (done - started) * 1000, 'readMs': (read - started) * 1000, 'pixels': int(red.size), 'result': result}


def fields():
    started = time.perf_counter()
    results = []
    with rasterio.open(RED) as red_ds, rasterio.open(NIR) as nir_ds, rasterio.open(SCL) as scl_ds:
        crs = red_ds.crs
        for geometry in FIELDS:
            projected = transform_geom(WGS84, crs, geometry)
            xs = [x for ring in projected['coordinates'] for x, _ in ring]
            ys = [y for ring in projected['coordinates'] for _, y in ring]
            bounds = (min(xs), min(ys), max(xs), max(ys))
            window = covering(bounds, red_ds)
            red = red_ds.read(1, window=window)
            nir = nir_ds.read(1, window=window)
            transform = red_ds.window_transform(window)
            inside = geometry_mask([projected], out_shape=red.shape, transform=transform, all_touched=False, invert=True)
            scl_window = covering(bounds, scl_ds)
            scl = scl_ds.read(1, window=scl_window)
            scl_transform = scl_ds.window_transform(scl_window)
            rows = scl_index(transform, 0, red.shape[0], scl_transform, scl.shape[0], 1)
            cols = scl_index(transform, 0, red.shape[1], scl_transform, scl.shape[1], 0)
            results.append(ndvi_statistics(red, nir, inside, excluded_at_centres(scl, rows, cols)))
    done = time.perf_counter()
    return {'ms': (done - started) * 1000, 'results': results}


def info():
    return {
        'python': sys.version.split()[0],
        'rasterio': rasterio.__version__,
        'gdal': rasterio.__gdal_version__,
        'numpy': np.__version__,
        'cpus': sorted(os.sched_getaffinity(0)),
        'gdalCacheMax': os.environ.get('GDAL_CACHEMAX', 'default (5 % of RAM)'),
        'gdalNumThreads': os.environ.get('GDAL_NUM_THREADS', 'unset (1)'),
    }


COMMANDS = {'info': info, 'whole': whole, 'fields': fields}

for line in sys.stdin:
    command = line.strip()
    if command == 'quit':
        break
    # One GDAL environment around the whole command, as rasterio recommends: without it every
    # read and every geometry_mask sets one up and tears it down (about 0.5 ms each).
    with rasterio.Env():
        answer = COMMANDS[command]()
    answer['maxRssMiB'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(answer) + '\n')
    sys.stdout.flush()
