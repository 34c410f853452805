import Foundation

/// Ticks on a logarithmic axis: whole decades when the range spans several, 1-2-5 steps inside
/// a decade or two, and the extended Wilkinson ticks when even those are too few.
enum LogTicks {
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
        let oneTwoFive = (firstDecade...lastDecade).flatMap { e in
            [1.0, 2, 5].map { $0 * pow(10, Double(e)) }
        }.filter(inRange)
        // Two decades or fewer leave the axis bare: label 1-2-5 steps when they fit.
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
