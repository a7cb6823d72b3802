# The seed's numpy baseline: arr.max(axis=0) on its 100 x 1,000,000 int64 matrix and on the
# transposed view arr.T (no copy), timed as the median of several runs after a warm-up.
# Prints one JSON object on the last line.
import json
import sys
import time

import numpy as np


def median_ms(fn, runs=7, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def main():
    np.random.seed(42)
    arr = np.random.randint(100_000, size=(100, 1_000_000), dtype=np.int64)
    c_ms = median_ms(lambda: arr.max(axis=0))
    t_ms = median_ms(lambda: arr.T.max(axis=0))
    checksum = int(arr.max(axis=0).sum()) + int(arr.T.max(axis=0).sum())
    print(json.dumps({"numpy": np.__version__, "c_ms": c_ms, "t_ms": t_ms, "checksum": checksum}))


if __name__ == "__main__":
    sys.exit(main())
