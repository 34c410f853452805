import Foundation

/// Ticks on a logarithmic axis: whole decades when the range spans several, 1-2-5 steps or
/// denser multiples inside a decade or two, and the extended Wilkinson ticks when even those are
/// too few.
enum LogTicks {
    /// Mantissas to label inside a decade, sparsest first; each set's closest pair is closer
    /// (in log units) than the previous set's.
    static let denser: [[Double]] = [[1, 2, 5], [1, 2, 3, 5], [1, 1.5, 2, 3, 5, 7], [1, 2, 3, 4, 5, 6, 7, 8, 9]]

    /// Major ticks (labelled) and minor ticks (2...9 times each decade, unlabelled) for
    /// `low...high` (both positive) with at most about `count` labels.
    static func ticks(from low: Double, to high: Double, count: Int) -> (major: [Double], minor: [Double]) {
        guard low > 0, high > low, low.isFinite, high.isFinite else { return ([], []) }
        let firstDecade = Int(floor(log10(low) + 1e-9))
        let lastDecade = Int(ceil(log10(high) - 1e-9))
        let inRange = { (v: Double) in v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9) }
        let decades = (firstDecade...lastDecade).map { pow(10, Double($0)) }.filter(inRange)
        var minor: [Double] = []
        for exponent in firstDecade...lastDecade {
            for multiple in 2...9 {
                let v = Double(multiple) * pow(10, Double(exponent))
                if inRange(v) { minor.append(v) }
            }
        }
        let span = log10(high / low)
        func multiples(_ mantissas: [Double]) -> [Double] {
            (firstDecade...lastDecade).flatMap { e in mantissas.map { $0 * pow(10, Double(e)) } }.filter(inRange)
        }
        // Under two decades, decades alone leave values like 0.13 unreadable: label the densest
        // set of multiples whose labels stay at least half the asked-for spacing apart.
        if span < 2 {
            let closest = span / (2 * Double(max(count, 2)))
            let labelled = denser.map(multiples).last { ticks in
                ticks.count >= 2 && zip(ticks, ticks.dropFirst()).allSatisfy { log10($1 / $0) >= closest * (1 - 1e-9) }
            }
            if let labelled { return (labelled, minor.filter { !labelled.contains($0) }) }
        }
        let oneTwoFive = multiples([1, 2, 5])
        if decades.count <= 2 && oneTwoFive.count >= 2 && oneTwoFive.count <= max(count, 2) + 2 {
            return (oneTwoFive, minor.filter { !oneTwoFive.contains($0) })
        }
        if decades.count >= 2 {
            let stride = max(1, Int(ceil(Double(decades.count) / Double(max(count, 2)))))
            let major = decades.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
            return (major, stride == 1 ? minor : [])
        }
        let linear = ExtendedWilkinson.ticks(from: low, to: high, count: count).filter { $0 > 0 && inRange($0) }
        return (linear, [])
    }
}
