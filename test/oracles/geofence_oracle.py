"""An independent oracle for hotloop's geofence rules, written from DESIGN.md and the README alone.

Regenerate the fixture (needs Debian's /usr/bin/python3 with python3-shapely):

    /usr/bin/python3 test/oracles/geofence_oracle.py > test/fixtures/geofence-oracle.json

Zone membership: shapely for the exact boundary modes ('inside': covers, a point on a ring is in;
'outside': contains, it is out); for the default 'half-open' mode, DESIGN.md's text (even-odd
crossings, an edge crosses when (ay > py) != (by > py), counted when its crossing lies strictly right
of the point), computed here with exact fractions and checked against shapely wherever the point is
off every ring. NaN or infinite coordinates are in no zone. The first zone in input order wins.

The rules (README "geofence"), per id, walked in arrival order:
- a position whose time is not later than the id's last accepted one is ignored;
- when the time exceeds the last by more than `gap` (exactly, on the real numbers), the state expires
  first: an `exit` flagged expired, dated at the last position, when the id was in a zone;
- a position whose first zone differs from the current zone exits it (an `exit` at that position) and,
  when it is a zone, starts a visit there; the visit's `enter` counts, dated at its first position,
  once a position of the same uninterrupted visit lies at least `dwell` ms after that first one.
Times are compared as exact rationals (fractions of the doubles given), never after a rounded subtraction.
Ids: a number and its text are two ids; numbers are doubles, so 211 and 211.0 are one id, -0 is 0.

Numbers in the JSON: finite doubles as JSON numbers (shortest repr, -0.0 kept); NaN and infinities as
the strings "NaN", "Infinity", "-Infinity". Ids as ["n", number] or ["s", text].
"""
import json
import math
import random
import sys
from fractions import Fraction

from shapely.geometry import Point, Polygon


def box(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


# Zones: a and b overlap (a wins in the overlap), d shares a's right edge for y in 0..5, c is a triangle
# apart, e has a hole. Corners and edges at dyadic coordinates, so every crossing is exact in floating
# point as well as in the fractions here.
ZONES = [
    ("a", [box(0, 0, 10, 10)]),
    ("b", [box(5, 5, 15, 15)]),
    ("d", [box(10, 0, 20, 5)]),
    ("c", [[[20, 0], [30, 0], [25, 10], [20, 0]]]),
    ("e", [box(40, 0, 50, 10), box(44, 4, 46, 6)]),
]


def feature_collection():
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "Polygon", "coordinates": rings}}
            for name, rings in ZONES
        ],
    }


SHAPES = [Polygon(rings[0], rings[1:]) for _, rings in ZONES]


def crossings_half_open(ring, px, py):
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:]):
        if (ay > py) != (by > py):
            x = Fraction(ax) + (Fraction(py) - Fraction(ay)) * (Fraction(bx) - Fraction(ax)) / (Fraction(by) - Fraction(ay))
            if x > Fraction(px):
                inside = not inside
    return inside


def in_zone(k, px, py, boundary):
    if not (math.isfinite(px) and math.isfinite(py)):
        return False
    rings = ZONES[k][1]
    shape = SHAPES[k]
    point = Point(px, py)
    if boundary == "inside":
        return shape.covers(point)
    if boundary == "outside":
        return shape.contains(point)
    half_open = crossings_half_open(rings[0], px, py) and not any(crossings_half_open(h, px, py) for h in rings[1:])
    if not shape.boundary.intersects(point):
        assert half_open == shape.contains(point), (k, px, py)
    return half_open


def first_zone(px, py, boundary):
    for k in range(len(ZONES)):
        if in_zone(k, px, py, boundary):
            return k
    return -1


def id_key(tagged):
    kind, value = tagged
    if kind == "n":
        value = float(value)
        return ("n", 0.0 if value == 0 else value)
    return ("s", value)


def event_id(key):
    kind, value = key
    return [kind, value]


class Oracle:
    def __init__(self, boundary, dwell, gap):
        self.boundary = boundary
        self.dwell = Fraction(dwell)
        self.gap = None if gap is None else Fraction(gap)
        self.states = {}

    def feed(self, tagged_id, time, lon, lat, out):
        key = id_key(tagged_id)
        zone = first_zone(lon, lat, self.boundary)
        s = self.states.get(key)
        if s is None:
            s = {"last": None, "zone": -1, "visit": None}
            self.states[key] = s
        t = Fraction(time)
        if s["last"] is not None and t <= Fraction(s["last"]["time"]):
            return
        name = lambda z: ZONES[z][0]
        ev = lambda typ, z, pos, expired=False: out.append(
            dict(type=typ, id=event_id(key), zone=z, name=name(z), time=pos["time"], lat=pos["lat"], lon=pos["lon"], **({"expired": True} if expired else {}))
        )
        here = {"time": time, "lon": lon, "lat": lat}
        if s["last"] is not None and self.gap is not None and t - Fraction(s["last"]["time"]) > self.gap:
            if s["zone"] != -1:
                ev("exit", s["zone"], s["last"], expired=True)
            s["zone"] = -1
            s["visit"] = None
        if zone != s["zone"]:
            if s["zone"] != -1:
                ev("exit", s["zone"], here)
                s["zone"] = -1
            if zone == -1:
                s["visit"] = None
            else:
                if s["visit"] is None or s["visit"]["zone"] != zone:
                    s["visit"] = {"zone": zone, "first": here}
                if t - Fraction(s["visit"]["first"]["time"]) >= self.dwell:
                    ev("enter", zone, s["visit"]["first"])
                    s["zone"] = zone
                    s["visit"] = None
        else:
            s["visit"] = None
        s["last"] = here


def num(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def bad_batch(batch):
    """The parameter a batch must be refused for (README: ids strings or finite numbers, times finite), or None."""
    for i, (tid, t) in enumerate(zip(batch["id"], batch["time"])):
        if tid[0] == "n" and not math.isfinite(tid[1]):
            return f"id[{i}]"
        if not math.isfinite(t):
            return f"time[{i}]"
    return None


def run_case(name, batches, boundary="half-open", dwell=0, gap=None, rebatch=True):
    oracle = Oracle(boundary, dwell, gap)
    results = []
    for batch in batches:
        bad = bad_batch(batch)
        if bad is not None:
            results.append({"error": bad})  # a refused batch changes no state
            continue
        out = []
        for i in range(len(batch["time"])):
            oracle.feed(batch["id"][i], batch["time"][i], batch["lon"][i], batch["lat"][i], out)
        results.append({"events": [{k: num(v) for k, v in e.items()} for e in out]})
    final = []
    for key, s in oracle.states.items():
        final.append({"id": event_id(key), "zone": s["zone"], "time": num(s["last"]["time"])})
    return {
        "name": name,
        "boundary": boundary,
        "dwell": dwell,
        "gap": num(gap) if gap is not None else None,
        "rebatch": rebatch,
        "batches": [{k: [num(v) if k != "id" else [v[0], num(v[1])] for v in vs] for k, vs in b.items()} for b in batches],
        "results": results,
        "final": final,
    }


def batch(rows):
    """rows: (id, time, lon, lat) with ids tagged ("n", x) or ("s", text)."""
    return {"id": [r[0] for r in rows], "time": [float(r[1]) for r in rows], "lon": [float(r[2]) for r in rows], "lat": [float(r[3]) for r in rows]}


N = lambda x: ("n", float(x))
S = lambda x: ("s", x)
IN_A, IN_B, IN_D, IN_C, IN_E, OUT = (2, 2), (12, 12), (15, 2), (25, 3), (42, 2), (35, 30)


def cases():
    out = []
    # ids: numbers, their text, a leading zero, -0, and doubles past 2^53 (2^53 + 1 is 2^53 as a double).
    ids = [S("211"), N(211), N(211.0), S("0211"), N(-0.0), N(0), N(2**53), N(2**53 + 1), S("9007199254740993"), N(1.5), S(""), S("ü")]
    rows = []
    for k, i in enumerate(ids):
        rows += [(i, 1000 + k, *IN_A), (i, 2000 + k, *IN_B), (i, 3000 + k, *OUT)]
    out.append(run_case("ids of every kind", [batch(rows[:17]), batch(rows[17:])]))
    # equal times: the first of two positions with one time counts; duplicates produce nothing
    out.append(run_case("equal times and duplicates", [
        batch([(N(5), 100, *IN_A), (N(5), 100, *OUT), (N(5), 100, *IN_A)]),
        batch([(N(5), 200, *OUT), (N(5), 200, *OUT), (N(5), 150, *IN_B), (N(5), 200, *IN_A)]),
        batch([(N(5), 199, *IN_C), (N(5), 201, *IN_C), (N(5), 201, *IN_C)]),
    ]))
    # out of order and duplicates across batches, with dwell and gap
    out.append(run_case("late positions never undo a newer state", [
        batch([(S("x"), 5000, *IN_A), (S("y"), 100, *IN_A)]),
        batch([(S("x"), 1000, *OUT), (S("x"), 4999, *IN_C), (S("y"), 100, *OUT), (S("y"), 7000, *IN_C)]),
        batch([(S("x"), 9000, *IN_C), (S("y"), 6000, *IN_A), (S("x"), 9000, *IN_A), (S("y"), 20000, *IN_C)]),
    ], gap=10000))
    # extreme, negative, non-integer and signed-zero times
    big = 8.64e15
    out.append(run_case("times at the ends of the Date range, negative and fractional", [
        batch([(N(1), -big, *IN_A), (N(1), -1.5, *IN_A), (N(1), -0.0, *OUT), (N(1), 0.0, *IN_A), (N(1), 5e-324, *IN_A), (N(1), 0.1, *IN_B)]),
        batch([(N(1), big, *OUT), (N(2), -big, *IN_C), (N(2), big, *IN_C), (N(3), 0.1, *IN_A), (N(3), 0.30000000000000004, *IN_A)]),
    ], dwell=0.2))
    # dwell and gap at their exact boundaries
    out.append(run_case("dwell reached exactly, and one ms short", [
        batch([(N(1), 0, *IN_A), (N(1), 59999, *IN_A), (N(1), 60000, *IN_A), (N(2), 10, *IN_A), (N(2), 60009, *IN_A), (N(2), 60010, *OUT)]),
    ], dwell=60000))
    out.append(run_case("gap reached exactly does not expire, one ms more does", [
        batch([(N(1), 0, *IN_A), (N(1), 3600000, *IN_A), (N(1), 7200001, *IN_A), (N(1), 7200002, *OUT), (N(1), 10800003, *IN_B)]),
    ], gap=3600000))
    out.append(run_case("gap during a visit still waiting for its dwell", [
        batch([(N(1), 0, *IN_A), (N(1), 100, *IN_A), (N(1), 5000, *IN_A), (N(1), 5500, *IN_A), (N(1), 6000, *IN_A)]),
    ], dwell=1000, gap=1000))
    # the rounding of time - since and time - last must not decide: exact differences past 2^53
    out.append(run_case("dwell across the whole Date range (a difference past 2^53)", [
        batch([(N(1), -big, *IN_A), (N(1), big + 3, *IN_A)]),
        batch([(N(2), -big, *IN_A), (N(2), big + 4, *IN_A)]),
    ], dwell=2 * big + 4))
    out.append(run_case("gap across the whole Date range (a difference past 2^53)", [
        batch([(N(1), -big, *IN_A), (N(1), big, *IN_A)]),
        batch([(N(2), -big, *IN_A), (N(2), big + 1, *IN_A)]),
        batch([(N(3), -big, *IN_A), (N(3), big + 2, *IN_A)]),
    ], gap=2 * big))
    # positions on edges and vertices, in each boundary mode; a on the left of the shared edge x = 10
    on_edges = [(10, 2), (10, 0), (0, 0), (0, 5), (5, 0), (10, 10), (15, 5), (20, 2.5), (22.5, 5), (25, 10), (25, 0), (44, 5), (45, 4), (40, 10), (46, 6), (7.5, 7.5), (5, 5), (15, 15)]
    for mode in ("half-open", "inside", "outside"):
        rows = []
        for k, (x, y) in enumerate(on_edges):
            rows += [(N(100 + k), 0, *OUT), (N(100 + k), 1, x, y), (N(100 + k), 2, *OUT)]
        out.append(run_case(f"positions on edges and vertices ({mode})", [batch(rows)], boundary=mode))
    # leave and re-enter within the dwell: the visit starts again
    out.append(run_case("leaving and re-entering within the dwell", [
        batch([(S("v"), 0, *IN_A), (S("v"), 400, *OUT), (S("v"), 600, *IN_A), (S("v"), 1000, *IN_A), (S("v"), 1600, *IN_A),
               (S("v"), 1700, *IN_B), (S("v"), 1800, *IN_A), (S("v"), 2000, *IN_B), (S("v"), 3000, *IN_B), (S("v"), 3100, *IN_D)]),
    ], dwell=1000))
    # NaN and infinite coordinates are in no zone (pip: NaN gives -1)
    nan, inf = float("nan"), float("inf")
    out.append(run_case("NaN and infinite coordinates", [
        batch([(N(1), 0, *IN_A), (N(1), 1, nan, 2), (N(1), 2, *IN_A), (N(1), 3, 2, inf), (N(1), 4, *IN_A), (N(1), 5, -inf, 2), (N(1), 6, 2, nan)]),
    ]))
    # bad ids and times: the batch is refused whole, and the state stays as it was
    out.append(run_case("non-finite ids and times refuse the whole batch", [
        batch([(N(1), 0, *IN_A)]),
        batch([(N(1), 10, *OUT), (N(nan), 11, *IN_A)]),
        batch([(N(1), 20, *OUT), (N(inf), 21, *IN_A)]),
        batch([(N(1), 30, *OUT), (N(2), nan, *IN_A)]),
        batch([(N(1), 40, *OUT), (N(2), inf, *IN_A)]),
        batch([(N(1), 50, *OUT), (N(2), -inf, *IN_A)]),
        batch([(N(1), 60, *IN_B)]),
    ], rebatch=False))
    # random feeds: a few ids, quarter-degree points (every crossing exact), shuffled arrivals with redeliveries
    rnd = random.Random(16)
    for seed in range(3):
        rows = []
        for v in range(6):
            vid = N(366000000 + v) if v % 2 else S(f"{366000000 + v}")
            t = rnd.randrange(-5000, 5000)
            x, y = rnd.randrange(-8, 210) / 4, rnd.randrange(-8, 64) / 4
            for _ in range(40):
                t += rnd.choice([0, 1, 1, 50, 300, 1000, 4000])
                if rnd.random() < 0.2:
                    x, y = rnd.randrange(-8, 210) / 4, rnd.randrange(-8, 64) / 4
                else:  # a walk, so that visits last a few positions
                    x, y = x + rnd.randrange(-8, 9) / 4, y + rnd.randrange(-8, 9) / 4
                rows.append((vid, t, x, y))
        rows += rnd.sample(rows, 30)
        # seed 0: ids one after another; 1: interleaved in time order; 2: interleaved, arrivals up to 2 s late
        jitter = [None, 0, 2000][seed]
        if jitter is not None:
            rows = sorted(rows, key=lambda r: r[1] + rnd.uniform(0, jitter))
        cut = sorted(rnd.sample(range(1, len(rows)), 5))
        parts = [rows[a:b] for a, b in zip([0] + cut, cut + [len(rows)])]
        mode = ("half-open", "inside", "outside")[seed]
        out.append(run_case(f"random feed {seed} ({mode})", [batch(p) for p in parts], boundary=mode, dwell=[0, 300, 1000][seed], gap=[None, 2500, 4000][seed]))
    return out


if __name__ == "__main__":
    json.dump({"generator": "test/oracles/geofence_oracle.py", "zones": feature_collection(), "cases": cases()}, sys.stdout, indent=None, allow_nan=False)
    sys.stdout.write("\n")
