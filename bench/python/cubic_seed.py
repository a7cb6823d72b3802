"""Seed 000's Python baselines, timed per call: numpy's general Polynomial.roots and the analytic
Cardano version. Same inputs as bench/cubic.bench.ts (x0 in (-0.5, -0.495], y0 = 1).
Prints one JSON line: microseconds per call for each."""
import json
import sys
import time

import numpy as np


def cubic_y_root(x0, y0):
    coefficients = np.array([x0, 0, +1.5, -y0])
    return np.polynomial.Polynomial(coefficients[::-1]).roots()


def cubic_y_root_cardano(x0, y0):
    if x0 == 0:
        return np.array([y0 / 1.5])
    p = 1.5 / x0
    q = -y0 / x0
    delta = (q / 2) ** 2 + (p / 3) ** 3
    if delta >= 0:
        s = np.sqrt(delta)
        return np.array([np.cbrt(-q / 2 + s) + np.cbrt(-q / 2 - s)])
    t = 2 * np.sqrt(-p / 3)
    phi = np.arccos((3 * q) / (p * t))
    return np.array([t * np.cos(phi / 3), t * np.cos((phi + 2 * np.pi) / 3), t * np.cos((phi + 4 * np.pi) / 3)])


def per_call_us(fn, xs, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for x0 in xs:
            fn(x0, 1.0)
        times.append((time.perf_counter() - start) / len(xs) * 1e6)
    times.sort()
    return times[len(times) // 2]


n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
xs = [-0.5 + 0.005 * (i + 1) / n for i in range(n)]
per_call_us(cubic_y_root, xs[:1000], 1)  # warm-up
print(json.dumps({
    "numpy": np.__version__,
    "calls": n,
    "polynomialRootsUs": per_call_us(cubic_y_root, xs),
    "cardanoUs": per_call_us(cubic_y_root_cardano, xs),
}))
