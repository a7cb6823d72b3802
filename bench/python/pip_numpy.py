"""numpy baseline for the pip benchmark (seed 003): the seed's workload without a compiled core.

Usage: pip_numpy.py <ais dir> <repeat> <runs>. Reads ais.csv.gz and the five zones (seed order),
repeats the points, then per zone: a bounding-box prefilter over the points still unassigned, and
a vectorised even-odd crossing test (half-open edges, as hotloop) over the candidates only. Prints
one JSON object on the last line: median milliseconds per run, the run times, counts per zone.
"""
import csv
import gzip
import json
import sys
import time

import numpy as np

ZONES = ["tokyo", "channel", "hamburg", "athens", "singapore"]


def read_points(path):
    with gzip.open(path, "rt", newline="") as f:
        rows = csv.DictReader(f)
        pts = [(float(r["lat"]), float(r["lon"])) for r in rows]
    a = np.array(pts, dtype=np.float64)
    return a[:, 0].copy(), a[:, 1].copy()


def read_ring(path):
    with open(path) as f:
        geo = json.load(f)
    ring = np.array(geo["features"][0]["geometry"]["coordinates"][0], dtype=np.float64)
    return ring[:, 0], ring[:, 1]


def locate(lat, lon, rings):
    result = np.full(lat.shape, -1, dtype=np.int32)
    for z, (xs, ys) in enumerate(rings):
        free = result == -1
        cand = np.nonzero(free & (lon >= xs.min()) & (lon <= xs.max()) & (lat >= ys.min()) & (lat <= ys.max()))[0]
        px, py = lon[cand], lat[cand]
        inside = np.zeros(cand.shape, dtype=bool)
        for i in range(len(xs) - 1):
            ax, ay, bx, by = xs[i], ys[i], xs[i + 1], ys[i + 1]
            if ay == by:
                continue
            crosses = (ay > py) != (by > py)
            with np.errstate(divide="ignore", invalid="ignore"):
                x = ax + (py - ay) * (bx - ax) / (by - ay)
            inside ^= crosses & (x > px)
        result[cand[inside]] = z
    return result


def main():
    folder, repeat, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    lat, lon = read_points(folder + "/ais.csv.gz")
    lat, lon = np.tile(lat, repeat), np.tile(lon, repeat)
    rings = [read_ring(f"{folder}/{name}.geojson") for name in ZONES]
    locate(lat[:100000], lon[:100000], rings)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = locate(lat, lon, rings)
        times.append((time.perf_counter() - start) * 1e3)
    counts = np.bincount(result + 1, minlength=len(ZONES) + 1)
    print(json.dumps({"ms": float(np.median(times)), "runs": times, "points": int(lat.size), "counts": counts.tolist()}))


if __name__ == "__main__":
    main()
