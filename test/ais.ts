/** The shared AIS sample (42,625 positions, five zones), read plainly for tests; null when ../shared is absent. */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { sharedDataDir } from './backends.js';

export const AIS_DIR = new URL('ais/', sharedDataDir);
export const AIS_CSV = new URL('ais.csv.gz', AIS_DIR);
/** The seed's zone order. */
export const AIS_ZONES = ['tokyo', 'channel', 'hamburg', 'athens', 'singapore'];
/** The data README's counts: none, then zones 0-4. */
export const AIS_COUNTS = [39_602, 444, 416, 929, 390, 844];

export interface Ais {
  id: string[];
  time: Float64Array;
  lat: Float64Array;
  lon: Float64Array;
  zones: object[];
  zoneFiles: string[];
}

let cached: Ais | null | undefined;

/** Rows in file order; time in ms since the epoch (the file's times are UTC without a zone). */
export async function loadAis(): Promise<Ais | null> {
  if (cached !== undefined) return cached;
  if (!existsSync(AIS_CSV)) return (cached = null);
  const lines = gunzipSync(readFileSync(AIS_CSV)).toString('utf8').trim().split('\n').slice(1);
  const n = lines.length;
  const ais: Ais = { id: new Array(n), time: new Float64Array(n), lat: new Float64Array(n), lon: new Float64Array(n), zones: [], zoneFiles: [] };
  lines.forEach((line, i) => {
    const [timestamp, mmsi, lat, lon] = line.split(',').map((field) => field.replace(/"/g, ''));
    ais.id[i] = mmsi;
    ais.time[i] = Date.parse(`${timestamp.replace(' ', 'T')}Z`);
    ais.lat[i] = Number(lat);
    ais.lon[i] = Number(lon);
  });
  ais.zoneFiles = AIS_ZONES.map((zone) => new URL(`${zone}.geojson`, AIS_DIR).pathname);
  ais.zones = ais.zoneFiles.map((file) => JSON.parse(readFileSync(file, 'utf8')));
  return (cached = ais);
}
