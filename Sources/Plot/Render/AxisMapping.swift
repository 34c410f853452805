import Foundation

/// One axis of a plot: its data range, scale and ticks, and the map from data to screen.
struct AxisMapping {
    var low: Double { didSet { refresh() } }
    var high: Double { didSet { refresh() } }
    var scale: Axes.Scale { didSet { refresh() } }
    /// Screen positions of `low` and `high` (for y, `pixelLow` is the bottom edge).
    var pixelLow: Double { didSet { refresh() } }
    var pixelHigh: Double { didSet { refresh() } }
    /// `low` in transformed units and screen points per transformed unit, kept in step so the
    /// per-point map is one subtraction and one multiplication.
    private var origin = 0.0
    private var factor = 1.0
    var ticks: [Double] = []
    var minorTicks: [Double] = []
    var labels: [String] = []

    init(low: Double, high: Double, scale: Axes.Scale, pixelLow: Double = 0, pixelHigh: Double = 1) {
        self.low = low
        self.high = high
        self.scale = scale
        self.pixelLow = pixelLow
        self.pixelHigh = pixelHigh
        refresh()
    }

    private mutating func refresh() {
        origin = transformed(low)
        factor = (pixelHigh - pixelLow) / (transformed(high) - origin)
    }

    private func transformed(_ v: Double) -> Double { scale == .log ? (v > 0 ? log10(v) : .nan) : v }

    /// Screen position of data value `v`, or NaN when it has none (non-finite, ≤ 0 on log).
    @inline(__always)
    func callAsFunction(_ v: Double) -> Double {
        guard v.isFinite else { return .nan }
        let t: Double
        if scale == .log {
            guard v > 0 else { return .nan }
            t = log10(v)
        } else {
            t = v
        }
        let position = pixelLow + (t - origin) * factor
        // Far-off points are pulled in so cairo's fixed-point coordinates never overflow.
        let limit = 1e5
        return position.isFinite ? min(max(position, -limit), limit) : .nan
    }

    /// Data value at screen position `p` (inverse of the map).
    func value(at p: Double) -> Double {
        let a = transformed(low), b = transformed(high)
        let t = a + (p - pixelLow) / (pixelHigh - pixelLow) * (b - a)
        return scale == .log ? pow(10, t) : t
    }

    /// Fits `low...high` around data bounds, padded by `padding` of the span (in log space on a
    /// log axis); a degenerate range is widened so it still gets a few sensible ticks.
    static func fitted(_ bounds: (Double, Double)?, scale: Axes.Scale, padding: Double) -> (Double, Double) {
        guard var (low, high) = bounds else { return scale == .log ? (1, 10) : (0, 1) }
        if scale == .log {
            var a = log10(low), b = log10(high)
            if b - a < 1e-9 { a -= 0.5; b += 0.5 }
            let pad = (b - a) * padding
            return (pow(10, a - pad), pow(10, b + pad))
        }
        if high - low <= 1e-12 * max(abs(low), abs(high)) || high == low {
            let widen = low == 0 ? 1 : abs(low) * 0.1
            low -= widen
            high += widen
            return (low, high)
        }
        let pad = (high - low) * padding
        return (low - pad, high + pad)
    }

    /// Chooses ticks for the current range with about `count` labels.
    mutating func chooseTicks(count: Int) {
        switch scale {
        case .linear:
            // Labels may overhang the data; when too few land inside, ask for denser ones.
            for target in count...(count + 4) {
                ticks = ExtendedWilkinson.ticks(from: low, to: high, count: target)
                    .filter { $0 >= low - 1e-9 * (high - low) && $0 <= high + 1e-9 * (high - low) }
                if ticks.count >= 2 { break }
            }
            minorTicks = []
            labels = TickLabelFormatter.linearLabels(ticks)
        case .log:
            (ticks, minorTicks) = LogTicks.ticks(from: low, to: high, count: count)
            labels = TickLabelFormatter.logLabels(ticks)
        }
    }
}
