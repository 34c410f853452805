"""Reference values for PlotTests, computed independently of the Swift code.

extended(): the extended Wilkinson tick search as given in the pseudo-code of
Talbot, Lin & Hanrahan, "An Extension of Wilkinson's Algorithm for Positioning Tick Labels on
Axes", IEEE InfoVis 2010 (Algorithm 1, with the scoring functions of section 4 and the weights
w = [0.25, 0.2, 0.5, 0.05]); legibility is taken as 1, as in the authors' R package `labeling`.
smooth(): TensorBoard's scalar smoothing (vz_line_chart2 resampling, debiased EMA).

Run: python3 Tests/Fixtures/plot/make_fixtures.py  (writes ticks.json and smoothing.json here)
"""
import json
import math
import os

Q = [1, 5, 2, 2.5, 4, 3]
W = [0.25, 0.2, 0.5, 0.05]


def simplicity(i, j, lmin, lmax, lstep):
    v = 1 if (math.isclose(math.remainder(lmin, lstep), 0, abs_tol=1e-10 * lstep) and lmin <= 0 <= lmax) else 0
    return 1 - i / (len(Q) - 1) - j + v


def coverage(dmin, dmax, lmin, lmax):
    r = dmax - dmin
    return 1 - 0.5 * ((dmax - lmax) ** 2 + (dmin - lmin) ** 2) / (0.1 * r) ** 2


def coverage_max(dmin, dmax, span):
    r = dmax - dmin
    if span > r:
        half = (span - r) / 2
        return 1 - 0.5 * (2 * half ** 2) / (0.1 * r) ** 2
    return 1


def density(k, m, dmin, dmax, lmin, lmax):
    r = (k - 1) / (lmax - lmin)
    rt = (m - 1) / (max(lmax, dmax) - min(dmin, lmin))
    return 2 - max(r / rt, rt / r)


def density_max(k, m):
    return 2 - (k - 1) / (m - 1) if k >= m else 1


def extended(dmin, dmax, m):
    best, best_score = None, -2
    j = 1
    while True:
        for i, q in enumerate(Q):
            sm = 2 - i / (len(Q) - 1) - j
            if W[0] * sm + W[1] + W[2] + W[3] < best_score:
                return best
            k = 2
            while True:
                dm = density_max(k, m)
                if W[0] * sm + W[1] + W[2] * dm + W[3] < best_score:
                    break
                delta = (dmax - dmin) / (k + 1) / j / q
                z = math.ceil(math.log10(delta))
                while True:
                    step = j * q * 10 ** z
                    cm = coverage_max(dmin, dmax, step * (k - 1))
                    if W[0] * sm + W[1] * cm + W[2] * dm + W[3] < best_score:
                        break
                    min_start = math.floor(dmax / step) * j - (k - 1) * j
                    max_start = math.ceil(dmin / step) * j
                    for start in range(int(min_start), int(max_start) + 1):
                        lmin = start * (step / j)
                        lmax = lmin + step * (k - 1)
                        score = (W[0] * simplicity(i, j, lmin, lmax, step) + W[1] * coverage(dmin, dmax, lmin, lmax)
                                 + W[2] * density(k, m, dmin, dmax, lmin, lmax) + W[3])
                        if score > best_score:
                            best_score, best = score, (lmin, lmax, step)
                    z += 1
                k += 1
        j += 1


def ticks(dmin, dmax, m):
    lmin, lmax, step = extended(dmin, dmax, m)
    n = round((lmax - lmin) / step) + 1
    return [round(lmin + t * step, 12) for t in range(n)]


def smooth(values, weight):
    last, out, num = 0.0, [], 0
    for v in values:
        if not math.isfinite(v):
            out.append(v)
            continue
        last = last * weight + (1 - weight) * v
        num += 1
        out.append(last / (1 - weight ** num))
    return out


CASES = [(8.1, 14.1, 4), (-31, 27, 4), (0, 100, 5), (0.123, 0.987, 5), (-1, 1, 5), (1, 1000, 6),
         (0.0013, 0.0047, 4), (-3.7, 12.2, 7), (95, 105, 3), (2.5e6, 9.1e6, 5), (0, 1, 10), (-0.03, 0.41, 6)]

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "ticks.json"), "w") as f:
        json.dump([{"min": a, "max": b, "count": m, "ticks": ticks(a, b, m)} for a, b, m in CASES], f, indent=1)
    raw = [2.0, 1.5, float("nan"), 1.2, 0.9, 1.1, 0.7, 0.6, float("inf"), 0.5, 0.45, 0.4]
    with open(os.path.join(here, "smoothing.json"), "w") as f:
        json.dump({"weight": 0.8, "raw": [v if math.isfinite(v) else str(v) for v in raw],
                   "smoothed": [v if math.isfinite(v) else str(v) for v in smooth(raw, 0.8)]}, f, indent=1)
