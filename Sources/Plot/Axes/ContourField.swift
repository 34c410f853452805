import Foundation

/// A function sampled on a rectangular grid, drawn as filled bands between levels with thin
/// contour lines on the band edges.
///
/// `values[row * x.count + column]` is f(x[column], y[row]); both `x` and `y` increase.
public struct ContourField: Sendable {
    /// Where the band edges lie.
    public enum Levels: Sendable, Equatable {
        /// `count` levels spaced evenly in log(f - min f): the right choice for losses, whose
        /// interesting structure sits near the minimum (Rosenbrock's valley, Beale's basin).
        case logarithmic(Int)
        /// `count` evenly spaced levels between min and max.
        case linear(Int)
        case explicit([Double])
    }

    public var x: [Double]
    public var y: [Double]
    public var values: [Double]
    public var levels: Levels

    /// The most levels a field may have: each is a pass of marching squares over the grid and a
    /// set of lines, and past a few hundred the bands are narrower than a pixel anyway.
    public static let maxLevels = 500

    public init(x: [Double], y: [Double], values: [Double], levels: Levels = .logarithmic(14)) throws {
        guard x.count >= 2, y.count >= 2 else { throw PlotError.emptyGrid(rows: y.count, columns: x.count) }
        try ContourField.check(levels)
        guard values.count == x.count * y.count else {
            throw PlotError.sizeMismatch(what: "contour values (\(y.count) x \(x.count) grid)",
                                         expected: x.count * y.count, got: values.count)
        }
        self.x = x
        self.y = y
        self.values = values
        self.levels = levels
    }

    /// Throws unless there are 2 to `maxLevels` levels; callers that sample a function check
    /// before sampling it.
    public static func check(_ levels: Levels) throws {
        let count = switch levels {
        case let .logarithmic(n), let .linear(n): n
        case let .explicit(list): list.count
        }
        guard (2...maxLevels).contains(count) else { throw PlotError.levelCount(count, maximum: maxLevels) }
    }

    /// Samples `f` on a `resolution` x `resolution` grid spanning the two ranges.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, resolution: Int = 150,
                levels: Levels = .logarithmic(14), f: (Double, Double) throws -> Double) throws {
        try ContourField.check(levels)
        let n = max(resolution, 2)
        let xs = (0..<n).map { x.lowerBound + Double($0) / Double(n - 1) * (x.upperBound - x.lowerBound) }
        let ys = (0..<n).map { y.lowerBound + Double($0) / Double(n - 1) * (y.upperBound - y.lowerBound) }
        var values: [Double] = []
        values.reserveCapacity(n * n)
        for py in ys {
            for px in xs { values.append(try f(px, py)) }
        }
        try self.init(x: xs, y: ys, values: values, levels: levels)
    }

    /// The `k`-th smallest of `values` (from 0), by quickselect: the levels need one percentile,
    /// and sorting a 1000² grid for it took about 100 ms that an interrupt could not cut short.
    static func smallest(_ k: Int, of values: [Double]) -> Double {
        var a = values
        var low = 0, high = a.count - 1
        while low < high {
            let pivot = a[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now a[low...j] <= pivot <= a[i...high], and whatever lies between equals the pivot.
            if k <= j { high = j } else if k >= i { low = i } else { return a[k] }
        }
        return a[k]
    }

    /// The level values, increasing, from the finite samples.
    func levelValues() -> [Double] {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else { return [] }
        switch levels {
        case let .explicit(list):
            return list.filter(\.isFinite).sorted()
        case let .linear(count):
            let n = max(count, 2)
            return (0..<n).map { low + Double($0) / Double(n - 1) * (high - low) }
        case let .logarithmic(count):
            let n = max(count, 2)
            let excess = finite.map { $0 - low }.filter { $0 > 0 }
            // The first level sits at the 1st percentile above the minimum, so the bottom band is
            // small but visible, and never more than 5 decades below the top.
            let percentile = Self.smallest(min(excess.count - 1, excess.count / 100), of: excess)
            let floorValue = max(percentile, (high - low) * 1e-5)
            let a = log10(floorValue), b = log10(high - low)
            return (0..<n).map { low + pow(10, a + Double($0) / Double(n - 1) * (b - a)) }
        }
    }
}
