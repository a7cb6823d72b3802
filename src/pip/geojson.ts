/**
 * GeoJSON zones in, validated polygons out. A zone is a Polygon or MultiPolygon, bare or in a
 * Feature; a FeatureCollection gives one zone per feature. Every error names where it is (which
 * zone, feature, polygon and ring) and why, so a user can fix the file without a debugger.
 */

/** One polygon: rings as flat [lon0, lat0, lon1, lat1, ...] arrays, the outer ring first, then holes. */
export type PolygonRings = Float64Array[];

export interface ParsedZone {
  /** The feature's `name` property, else "zone <index>". */
  name: string;
  polygons: PolygonRings[];
}

type Json = unknown;

function where(path: string[]): string {
  return path.join(', ');
}

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeError(path: string[], message: string): TypeError {
  return new TypeError(`Invalid GeoJSON in ${where(path)}: ${message}`);
}

function rangeError(path: string[], message: string): RangeError {
  return new RangeError(`Invalid GeoJSON in ${where(path)}: ${message}`);
}

function shown(value: Json): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

// A ring: closed (first position equal to the last), at least 4 positions, finite lon/lat in range,
// and at most 180 degrees of longitude wide (wider means it crosses the antimeridian: RFC 7946 3.1.9).
function parseRing(value: Json, path: string[]): Float64Array {
  if (!Array.isArray(value)) throw typeError(path, `expected an array of positions but received ${shown(value)}`);
  if (value.length < 4) {
    throw rangeError(path, `a linear ring needs at least 4 positions (3 corners and the closing one) but has ${value.length}`);
  }
  const flat = new Float64Array(2 * value.length);
  let minLon = Infinity;
  let maxLon = -Infinity;
  value.forEach((position: Json, i: number) => {
    if (!Array.isArray(position) || position.length < 2 || typeof position[0] !== 'number' || typeof position[1] !== 'number') {
      throw typeError(path, `position ${i} must be [lon, lat] numbers but is ${shown(position)}`);
    }
    const [lon, lat] = position as number[];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw rangeError(path, `position ${i} has a non-finite coordinate ${shown(position)}`);
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw rangeError(path, `position ${i} ${shown(position)} is outside lon -180..180, lat -90..90`);
    }
    flat[2 * i] = lon;
    flat[2 * i + 1] = lat;
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  });
  const n = value.length;
  if (flat[0] !== flat[2 * n - 2] || flat[1] !== flat[2 * n - 1]) {
    throw rangeError(path, `the ring is not closed: first position ${shown(value[0])} differs from last ${shown(value[n - 1])}`);
  }
  if (maxLon - minLon > 180) {
    throw rangeError(
      path,
      `the ring spans ${maxLon - minLon} degrees of longitude (more than 180): if it crosses the antimeridian, split it there into a MultiPolygon (RFC 7946, section 3.1.9)`,
    );
  }
  return flat;
}

function parsePolygon(value: Json, path: string[]): PolygonRings {
  if (!Array.isArray(value) || value.length === 0) {
    throw typeError(path, `Polygon coordinates must be a non-empty array of rings but are ${shown(value)}`);
  }
  return value.map((ring: Json, r: number) => parseRing(ring, [...path, r === 0 ? 'outer ring' : `hole ${r}`]));
}

function parseGeometry(value: Json, path: string[]): PolygonRings[] {
  if (!isObject(value)) throw typeError(path, `expected a geometry object but received ${shown(value)}`);
  if (value.type === 'Polygon') return [parsePolygon(value.coordinates, path)];
  if (value.type === 'MultiPolygon') {
    const polygons = value.coordinates;
    if (!Array.isArray(polygons) || polygons.length === 0) {
      throw typeError(path, `MultiPolygon coordinates must be a non-empty array of polygons but are ${shown(polygons)}`);
    }
    return polygons.map((polygon: Json, p: number) => parsePolygon(polygon, [...path, `polygon ${p}`]));
  }
  throw typeError(path, `expected a Polygon or MultiPolygon geometry but received type ${shown(value.type)}`);
}

function parseFeature(value: Record<string, Json>, path: string[], fallbackName: string): ParsedZone {
  const properties = value.properties;
  const name = isObject(properties) && typeof properties.name === 'string' ? properties.name : fallbackName;
  return { name, polygons: parseGeometry(value.geometry, path) };
}

/**
 * Parses one GeoJSON value (object or JSON text) into zones: a FeatureCollection gives one zone per
 * feature, anything else one zone. `label` says where the value came from in error messages.
 */
export function parseZones(input: unknown, label: string, firstIndex: number): ParsedZone[] {
  let value: Json = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new TypeError(`Invalid GeoJSON in ${label}: not JSON (${(error as Error).message})`);
    }
  }
  if (!isObject(value)) throw typeError([label], `expected a GeoJSON object or string but received ${shown(value)}`);
  if (value.type === 'FeatureCollection') {
    const features = value.features;
    if (!Array.isArray(features) || features.length === 0) {
      throw typeError([label], 'a FeatureCollection needs a non-empty features array');
    }
    return features.map((feature: Json, f: number) => {
      const path = [label, `feature ${f}`];
      if (!isObject(feature) || feature.type !== 'Feature') throw typeError(path, `expected a Feature but received ${shown(feature)}`);
      return parseFeature(feature, path, `zone ${firstIndex + f}`);
    });
  }
  if (value.type === 'Feature') return [parseFeature(value, [label], `zone ${firstIndex}`)];
  return [{ name: `zone ${firstIndex}`, polygons: parseGeometry(value, [label]) }];
}
