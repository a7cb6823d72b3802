/**
 * Zones drawn by hand for `hotloop demo`, the README and benchmarks on a fresh machine: rough
 * outlines of busy waters, not charts. They show each feature of the engine: a hole (an island
 * left out of the Singapore Strait), a MultiPolygon (both Panama Canal anchorages as one zone),
 * and overlapping zones (Rotterdam inside the North Sea: `locate` says Rotterdam, `pipAll` both).
 */

type Position = [number, number];

const feature = (name: string, geometry: object) => ({ type: 'Feature', properties: { name }, geometry });
const polygon = (...rings: Position[][]) => ({ type: 'Polygon', coordinates: rings });
const closed = (...corners: Position[]): Position[] => [...corners, corners[0]];

/** The built-in zones as one GeoJSON FeatureCollection, one zone per feature, in index order. */
export function builtinZones(): object {
  return {
    type: 'FeatureCollection',
    features: [
      feature('Rotterdam approaches', polygon(closed([3.4, 51.75], [4.15, 51.85], [4.6, 52.05], [4.1, 52.25], [3.5, 52.15]))),
      feature('Strait of Gibraltar', polygon(closed([-6.3, 35.75], [-5.3, 35.85], [-4.9, 36.05], [-5.4, 36.2], [-6.3, 36.15]))),
      feature('Suez approaches', polygon(closed([31.9, 31.1], [32.4, 31.0], [32.9, 31.2], [32.8, 31.75], [32.1, 31.7]))),
      feature(
        'Singapore Strait',
        polygon(
          closed([103.35, 1.05], [103.9, 1.0], [104.45, 1.15], [104.4, 1.5], [103.8, 1.45], [103.4, 1.35]),
          closed([103.75, 1.2], [103.75, 1.32], [103.92, 1.32], [103.92, 1.2]), // an island, left out
        ),
      ),
      feature('Panama Canal anchorages', {
        type: 'MultiPolygon',
        coordinates: [
          [closed([-79.75, 8.65], [-79.35, 8.6], [-79.3, 8.95], [-79.7, 9.0])],
          [closed([-80.05, 9.3], [-79.75, 9.3], [-79.75, 9.5], [-80.05, 9.5])],
        ],
      }),
      feature('North Sea', polygon(closed([-2.5, 51.0], [2.0, 51.0], [4.8, 52.5], [9.0, 53.5], [8.5, 57.5], [5.0, 59.0], [-2.0, 58.5], [-3.0, 56.0]))),
      feature('Tokyo Bay', polygon(closed([139.6, 35.1], [139.95, 35.0], [140.15, 35.4], [140.05, 35.7], [139.75, 35.65]))),
    ],
  };
}
