/// A series mapped to screen points, broken at gaps and thinned per pixel column.
///
/// Points are screen coordinates; NaN in a point's y marks a gap (pen up). When x is increasing
/// and there are many more points than pixel columns, each column keeps its first, minimum,
/// maximum and last point in data order (the M4 method), which draws the same pixels as the
/// full series.
struct ScreenPolyline {
    var xs: [Double] = []
    var ys: [Double] = []

    /// Maps `count` points through `project` (which returns NaN for values that cannot be shown)
    /// and thins them when there are more than four per device pixel column. Inlined so the
    /// closures are too: a 10^6-point series calls each of them a million times.
    @inline(__always)
    init(count: Int, pixelsPerPoint: Double, point: (Int) -> Double, value: (Int) -> Double,
         projectX: (Double) -> Double, projectY: (Double) -> Double, plotWidth: Double) {
        let columns = max(plotWidth * pixelsPerPoint, 1)
        let decimate = Double(count) > 4 * columns
        xs.reserveCapacity(decimate ? Int(columns) * 4 + 16 : count)
        ys.reserveCapacity(xs.capacity)
        var column = Int.min
        var first = 0.0, last = 0.0, low = 0.0, high = 0.0, lowAt = 0, highAt = 0
        var columnX = 0.0
        var open = false
        var previousX = -Double.infinity
        var monotone = true

        func flush() {
            guard open else { return }
            xs.append(columnX); ys.append(first)
            let (a, b) = lowAt <= highAt ? (low, high) : (high, low)
            if a != first { xs.append(columnX); ys.append(a) }
            if b != a { xs.append(columnX); ys.append(b) }
            if last != b { xs.append(columnX); ys.append(last) }
            open = false
        }

        for i in 0..<count {
            let sx = projectX(point(i))
            let sy = projectY(value(i))
            guard sx.isFinite, sy.isFinite else {
                if decimate { flush() }
                if let lastY = ys.last, !lastY.isNaN { xs.append(.nan); ys.append(.nan) }
                continue
            }
            if !decimate || !monotone {
                xs.append(sx); ys.append(sy)
                continue
            }
            if sx < previousX {
                // Not increasing: give up on thinning and keep what is left as it is.
                flush()
                monotone = false
                xs.append(sx); ys.append(sy)
                continue
            }
            previousX = sx
            let c = Int((sx * pixelsPerPoint).rounded(.down))
            if c != column || !open {
                flush()
                column = c
                columnX = (Double(c) + 0.5) / pixelsPerPoint
                first = sy; last = sy; low = sy; high = sy; lowAt = i; highAt = i
                open = true
            } else {
                last = sy
                if sy < low { low = sy; lowAt = i }
                if sy > high { high = sy; highAt = i }
            }
        }
        flush()
    }
}
