import Foundation

/// Tick positions a person would choose: the extended Wilkinson algorithm of Talbot, Lin and
/// Hanrahan, "An Extension of Wilkinson's Algorithm for Positioning Tick Labels on Axes"
/// (InfoVis 2010).
///
/// It searches steps `j * q * 10^z` over the "nice" numbers `Q`, tick counts and starting points,
/// scoring simplicity, coverage of the data range, density against a target count and legibility
/// (taken as constant here: overlap is avoided by the caller, which retries with fewer ticks).
/// Branches whose best possible score cannot win are pruned, as in the paper (the loop bounds
/// only guard against pathological floating point; pruning ends the search long before them).
///
/// ```
/// ExtendedWilkinson.ticks(from: 8.1, to: 14.1, count: 4)  // [8, 10, 12, 14]
/// ```
///
/// Edge cases: a range narrower than 1e-12 of its magnitude, NaN or infinite bounds give the
/// bounds themselves (the caller widens constant ranges first); `count` below 2 is taken as 2.
public enum ExtendedWilkinson {
    /// Nice step mantissas, most preferred first (the paper's Q).
    public static let niceNumbers: [Double] = [1, 5, 2, 2.5, 4, 3]
    /// Weights of simplicity, coverage, density and legibility (the paper's defaults).
    static let weights = (simplicity: 0.25, coverage: 0.2, density: 0.5, legibility: 0.05)

    /// The best ticks for data in `dmin...dmax` with about `count` labels.
    public static func ticks(from dmin: Double, to dmax: Double, count m: Int) -> [Double] {
        guard dmin.isFinite, dmax.isFinite else { return [dmin, dmax].filter(\.isFinite) }
        let (low, high) = dmin <= dmax ? (dmin, dmax) : (dmax, dmin)
        let target = max(m, 2)
        if high - low < 1e-12 * max(abs(low), abs(high), 1e-300) { return [low] }
        guard (high - low).isFinite, high - low > 1e-250 else { return [low, high] }
        guard let best = search(low, high, target) else { return [low, high] }
        let count = Int(((best.max - best.min) / best.step).rounded()) + 1
        return (0..<count).map { clean(best.min + Double($0) * best.step, step: best.step) }
    }

    private struct Candidate { var min: Double; var max: Double; var step: Double; var score: Double }

    private static func search(_ dmin: Double, _ dmax: Double, _ m: Int) -> Candidate? {
        let w = weights
        var best: Candidate?
        var bestScore = -2.0
        var j = 1.0
        outer: while j <= 10 {
            for (qIndex, q) in niceNumbers.enumerated() {
                let sm = simplicityMax(qIndex, j)
                if w.simplicity * sm + w.coverage + w.density + w.legibility < bestScore { break outer }
                var k = 2
                while k <= 4 * m + 10 {
                    let dm = densityMax(k, m)
                    if w.simplicity * sm + w.coverage + w.density * dm + w.legibility < bestScore { break }
                    let delta = (dmax - dmin) / Double(k + 1) / j / q
                    var z = ceil(log10(delta))
                    let firstZ = z
                    while z < firstZ + 20 {
                        let step = j * q * pow(10, z)
                        let cm = coverageMax(dmin, dmax, step * Double(k - 1))
                        if w.simplicity * sm + w.coverage * cm + w.density * dm + w.legibility < bestScore { break }
                        let minStart = floor(dmax / step) * j - Double(k - 1) * j
                        let maxStart = ceil(dmin / step) * j
                        if minStart <= maxStart {
                            var start = minStart
                            while start <= maxStart {
                                let lmin = start * (step / j)
                                let lmax = lmin + step * Double(k - 1)
                                let s = simplicity(qIndex, j, lmin, lmax, step)
                                let c = coverage(dmin, dmax, lmin, lmax)
                                let g = density(k, m, dmin, dmax, lmin, lmax)
                                let score = w.simplicity * s + w.coverage * c + w.density * g + w.legibility
                                if score > bestScore {
                                    bestScore = score
                                    best = Candidate(min: lmin, max: lmax, step: step, score: score)
                                }
                                start += 1
                            }
                        }
                        z += 1
                    }
                    k += 1
                }
            }
            j += 1
        }
        return best
    }

    private static func simplicity(_ qIndex: Int, _ j: Double, _ lmin: Double, _ lmax: Double,
                                   _ step: Double) -> Double {
        let n = Double(niceNumbers.count)
        let remainder = lmin - floor(lmin / step) * step
        let eps = 1e-10 * step
        let hasZero = (remainder < eps || step - remainder < eps) && lmin <= 0 && lmax >= 0
        return 1 - Double(qIndex) / (n - 1) - j + (hasZero ? 1 : 0)
    }

    private static func simplicityMax(_ qIndex: Int, _ j: Double) -> Double {
        2 - Double(qIndex) / Double(niceNumbers.count - 1) - j
    }

    private static func coverage(_ dmin: Double, _ dmax: Double, _ lmin: Double, _ lmax: Double) -> Double {
        let range = dmax - dmin
        return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) / ((0.1 * range) * (0.1 * range))
    }

    private static func coverageMax(_ dmin: Double, _ dmax: Double, _ span: Double) -> Double {
        let range = dmax - dmin
        guard span > range else { return 1 }
        let half = (span - range) / 2
        return 1 - 0.5 * (2 * half * half) / ((0.1 * range) * (0.1 * range))
    }

    private static func density(_ k: Int, _ m: Int, _ dmin: Double, _ dmax: Double,
                                _ lmin: Double, _ lmax: Double) -> Double {
        let r = Double(k - 1) / (lmax - lmin)
        let rt = Double(m - 1) / (max(lmax, dmax) - min(dmin, lmin))
        return 2 - max(r / rt, rt / r)
    }

    private static func densityMax(_ k: Int, _ m: Int) -> Double {
        k >= m ? 2 - Double(k - 1) / Double(m - 1) : 1
    }

    /// Rounds away binary noise (0.30000000000000004) to the decimals the step itself needs.
    static func clean(_ value: Double, step: Double) -> Double {
        var scale = 1.0
        for _ in 0..<40 {
            let scaled = abs(step) * scale
            if abs(scaled - scaled.rounded()) <= 1e-9 * scaled { break }
            scale *= 10
        }
        let result = (value * scale).rounded() / scale
        guard result.isFinite else { return value }
        return abs(result) < abs(step) * 1e-9 ? 0 : result
    }
}
