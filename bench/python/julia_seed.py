"""The seed's numpy program (seed 004): ComplexRegion + JuliaDiv, with `over` as numpy looping
(the seed's julia.py) or as numpy.vectorize over a per-pixel function (julia_vectorize.py).

Prints one JSON object on the last line: seconds for `over` (grid included), size, and where the
escape counts were written (raw little-endian uint32, rows from the top) when --out is given.
"""
import argparse
import json
import time

import numpy as np


class ComplexRegion:
    def __init__(self, xleft, xright, yleft, yright):
        self.xleft, self.xright, self.yleft, self.yright = xleft, xright, yleft, yright

    def build(self, resolution):
        width = resolution
        height = int(resolution * (self.yright - self.yleft) / (self.xright - self.xleft))
        x = np.linspace(self.xleft, self.xright, width)
        y = np.linspace(self.yright, self.yleft, height)
        return x[np.newaxis, :] + 1j * y[:, np.newaxis]


def divergence(z_0, c_0, threshold, itermax):
    for i in range(itermax):
        z_0 = z_0**2 + c_0
        if abs(z_0) >= threshold:
            return i
    return itermax


class JuliaDiv:
    def __init__(self, c_0, threshold, n_iterations, resolution):
        self.c_0, self.threshold, self.n_iterations, self.resolution = c_0, threshold, n_iterations, resolution

    def counts_loop(self, plane):
        itermin, itermax = self.n_iterations
        assert itermin < itermax
        z_s = plane.build(self.resolution)
        div = np.full_like(z_s, itermax, dtype=np.uint32)
        for i in range(itermax):
            z_s = np.square(z_s) + self.c_0
            diverged = np.abs(z_s) >= self.threshold
            div[diverged] = np.uint32(i)
            z_s[diverged] = np.nan
        return div

    def counts_vectorize(self, plane):
        z_s = plane.build(self.resolution)
        div_vect = np.vectorize(divergence, otypes=[np.uint32])
        return div_vect(z_s, self.c_0, self.threshold, self.n_iterations[1])

    def over(self, div):
        itermin, itermax = self.n_iterations
        return (np.maximum(div, itermin) - itermin) / (itermax - itermin)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--variant", choices=["loop", "vectorize"], default="loop")
    parser.add_argument("-R", type=int, default=4000)
    parser.add_argument("--region", type=float, nargs=4, default=[-0.1, 0.1, -0.1, 0.1])
    parser.add_argument("-c", type=float, nargs=2, default=[-0.835, -0.2321])
    parser.add_argument("-m", type=int, default=20)
    parser.add_argument("-M", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=2.0)
    parser.add_argument("--out", help="write counts (uint32) here")
    parser.add_argument("--grey-out", help="write the seed's grey levels (uint8) here")
    parser.add_argument("--runs", type=int, default=1, help="time this many runs; report the median")
    args = parser.parse_args()
    jd = JuliaDiv(complex(*args.c), args.threshold, (args.m, args.M), args.R)
    plane = ComplexRegion(*args.region)
    times = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        div = jd.counts_loop(plane) if args.variant == "loop" else jd.counts_vectorize(plane)
        values = jd.over(div)
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    if args.out:
        div.astype("<u4").tofile(args.out)
    if args.grey_out:
        (values * 255).astype(np.uint8).tofile(args.grey_out)
    print(json.dumps({"seconds": seconds, "runs": times, "width": int(div.shape[1]), "height": int(div.shape[0]),
                      "iterations": int(np.minimum(div.astype(np.int64) + 1, args.M).sum()), "out": args.out}))


if __name__ == "__main__":
    main()
