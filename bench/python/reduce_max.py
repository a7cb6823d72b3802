# The seed's numpy baseline: arr.max(axis=0) on its 100 x 1,000,000 int64 matrix and on the
# transposed view arr.T (no copy).
#   python3 reduce_max.py          times both (median of 7 after 2 warm-ups), prints one JSON line;
#   python3 reduce_max.py --serve  builds the matrix, prints {"ready": true}, then for each stdin
#                                  line "c" or "t" runs that reduction once and prints {"ms": ...},
#                                  so the bench can interleave numpy with its own rows in time.
import json
import sys
import time

import numpy as np


def make():
    np.random.seed(42)
    return np.random.randint(100_000, size=(100, 1_000_000), dtype=np.int64)


def once_ms(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def main():
    arr = make()
    work = {"c": lambda: arr.max(axis=0), "t": lambda: arr.T.max(axis=0)}
    if "--serve" in sys.argv:
        print(json.dumps({"ready": True, "numpy": np.__version__}), flush=True)
        for line in sys.stdin:
            print(json.dumps({"ms": once_ms(work[line.strip()])}), flush=True)
        return 0
    result = {"numpy": np.__version__}
    for name, fn in work.items():
        for _ in range(2):
            fn()
        times = sorted(once_ms(fn) for _ in range(7))
        result[f"{name}_ms"] = times[len(times) // 2]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
