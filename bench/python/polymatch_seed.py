"""The seed's (001) polygon matching in Python/numpy, measured the way its measure.py does:
v1 is the original program (dataclass Polygon with numpy arrays, cached center, find_close_polygons
with np.linalg.norm, select_best_polygon, main); "vectorised" does the whole match with numpy array
operations. The example is hotloop's generateExample (same seeded generator, ported below), so both
sides see the same polygons and points. Prints one JSON object on the last line.

usage: polymatch_seed.py [--runs N] [--polygons N] [--points N] [--span N] [--seed N] [--max-dist D]
"""
import argparse
import json
import os
import time
from dataclasses import dataclass
from functools import cached_property
from typing import List, Tuple

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the seed's measure.py

import numpy as np  # noqa: E402

M32 = 0xFFFFFFFF


def mulberry32(seed):
    """src/random.ts's generator, bit for bit (32-bit wrap-around arithmetic)."""
    state = seed & M32

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return random


# ---- the seed's v1 -------------------------------------------------------------------------------

Point = np.array


@dataclass
class Polygon:
    x: np.array
    y: np.array
    _area: float = None

    @cached_property
    def center(self) -> np.array:
        centroid = np.array([self.x, self.y]).mean(axis=1)
        return centroid

    def area(self) -> float:
        if self._area is None:
            self._area = 0.5 * np.abs(np.dot(self.x, np.roll(self.y, 1)) - np.dot(self.y, np.roll(self.x, 1)))
        return self._area


def find_close_polygons(polygon_subset: List[Polygon], point: np.array, max_dist: float) -> List[Polygon]:
    close_polygons = []
    for poly in polygon_subset:
        if np.linalg.norm(poly.center - point) < max_dist:
            close_polygons.append(poly)
    return close_polygons


def select_best_polygon(polygon_sets: List[Tuple[Point, List[Polygon]]]) -> List[Tuple[Point, Polygon]]:
    best_polygons = []
    for point, polygons in polygon_sets:
        best_polygon = polygons[0]
        for poly in polygons:
            if poly.area() < best_polygon.area():
                best_polygon = poly
        best_polygons.append((point, best_polygon))
    return best_polygons


def main(polygons: List[Polygon], points: np.ndarray, max_dist: float = 10.0) -> List[Tuple[Point, Polygon]]:
    polygon_sets = []
    for point in points:
        close_polygons = find_close_polygons(polygons, point, max_dist)
        if len(close_polygons) == 0:
            continue
        polygon_sets.append((point, close_polygons))
    return select_best_polygon(polygon_sets)


# ---- fully vectorised ----------------------------------------------------------------------------


def main_vectorised(xs: np.ndarray, ys: np.ndarray, points: np.ndarray, max_dist: float) -> np.ndarray:
    """xs, ys: (polygons, vertices); points: (points, 2). Best polygon index per point, -1 for none."""
    centers = np.stack([xs.mean(axis=1), ys.mean(axis=1)], axis=1)
    areas = 0.5 * np.abs((xs * np.roll(ys, 1, axis=1)).sum(axis=1) - (ys * np.roll(xs, 1, axis=1)).sum(axis=1))
    dist = np.linalg.norm(centers[None, :, :] - points[:, None, :], axis=2)
    close = dist < max_dist
    best = np.where(close, areas[None, :], np.inf).argmin(axis=1)  # argmin: first of equal minima
    return np.where(close.any(axis=1), best, -1)


# ---- hotloop's generateExample, ported -----------------------------------------------------------


def generate_example(polygons, vertices, points, span, seed):
    random = mulberry32(seed)

    def shuffle(values):
        for i in range(len(values) - 1, 0, -1):
            j = int(random() * (i + 1))
            values[i], values[j] = values[j], values[i]

    px = [k * span / points for k in range(points)]
    py = list(px)
    shuffle(px)
    shuffle(py)
    step = 1 / vertices
    tx = np.array([i * step for i in range(vertices)])
    ty = np.sqrt(1 - tx * tx)
    xs = np.empty((polygons, vertices))
    ys = np.empty((polygons, vertices))
    for p in range(polygons):
        xs[p] = tx + int(random() * span)
        ys[p] = ty + int(random() * span)
    return xs, ys, np.array([px, py]).T.copy()


def timed(fn, runs):
    fn()  # warm-up (and the seed's cached centers)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return float(np.median(times)), result


def run():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--polygons", type=int, default=1000)
    parser.add_argument("--vertices", type=int, default=10)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--span", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-dist", type=float, default=10.0)
    args = parser.parse_args()
    xs, ys, pts = generate_example(args.polygons, args.vertices, args.points, args.span, args.seed)

    polygons = [Polygon(x=xs[p].copy(), y=ys[p].copy()) for p in range(len(xs))]
    points = [np.array(p) for p in pts]
    v1_ms, matches = timed(lambda: main(polygons, points, args.max_dist), args.runs)
    index = {id(poly): i for i, poly in enumerate(polygons)}
    by_point = {id(point): index[id(poly)] for point, poly in matches}
    v1 = [by_point.get(id(point), -1) for point in points]

    vec_ms, vec = timed(lambda: main_vectorised(xs, ys, pts, args.max_dist), args.runs)
    print(json.dumps({"v1_ms": v1_ms, "vectorised_ms": vec_ms, "v1": v1, "vectorised": vec.tolist(), "numpy": np.__version__}))


if __name__ == "__main__":
    run()
