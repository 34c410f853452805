/// A legend box: one row per entry with a line or marker swatch, placed in a corner of the plot
/// where it hides nothing (or where asked), else right of the plot.
struct Legend {
    enum Symbol {
        case line(LineSeries.Style)
        case marker(Int)
    }

    struct Entry {
        var label: String
        var color: Color
        var symbol: Symbol
    }

    let entries: [Entry]

    /// What a legend must not hide, in screen points: the drawn segments of lines and paths, and
    /// single points (scatter markers, label text).
    struct Obstacles {
        var segments: [(Double, Double, Double, Double)] = []
        var points: [(Double, Double)] = []
    }

    private static let size = Theme.legendSize
    private static let rowHeight = size * 1.55
    private static let swatch = 22.0
    private static let padding = 7.0
    private static let inset = 8.0
    /// The gap between the plot and a legend placed outside it.
    static let outsideGap = 10.0

    /// The legend box's width and height.
    func extent(_ canvas: Canvas) -> (width: Double, height: Double) {
        let textWidth = entries.map { canvas.textWidth($0.label, size: Self.size) }.max() ?? 0
        return (Self.padding * 2 + Self.swatch + 7 + textWidth,
                Self.padding * 2 + Self.rowHeight * Double(entries.count) - (Self.rowHeight - Self.size * 1.2))
    }

    /// The box to draw in, or nil when there is no legend. `.best` takes the corner whose box
    /// (with 4 points to spare) meets the fewest obstacles, counting every segment that crosses
    /// it as matplotlib's `loc="best"` does, not only vertices inside: a long straight stretch of
    /// a curve has no vertex in the box yet is hidden by it. When every corner meets something
    /// the result is `outside`, for the caller to make room right of the plot.
    func place(_ canvas: Canvas, in plot: Rect, placement: Axes.LegendPlacement, obstacles: Obstacles) -> Placement {
        guard !entries.isEmpty, placement != .none else { return .none }
        let (width, height) = extent(canvas)
        let inset = Self.inset
        let corners: [(Axes.LegendPlacement, Rect)] = [
            (.upperRight, Rect(x: plot.maxX - inset - width, y: plot.minY + inset, width: width, height: height)),
            (.upperLeft, Rect(x: plot.minX + inset, y: plot.minY + inset, width: width, height: height)),
            (.lowerLeft, Rect(x: plot.minX + inset, y: plot.maxY - inset - height, width: width, height: height)),
            (.lowerRight, Rect(x: plot.maxX - inset - width, y: plot.maxY - inset - height, width: width, height: height)),
        ]
        if let chosen = corners.first(where: { $0.0 == placement }) { return .inside(chosen.1) }
        let counts = corners.map { Self.badness($0.1.inset(-4), obstacles) }
        let best = counts.indices.min { counts[$0] < counts[$1] } ?? 0
        return counts[best] == 0 ? .inside(corners[best].1) : .outside
    }

    enum Placement: Equatable {
        case none
        case inside(Rect)
        /// Right of the plot, top-aligned with it.
        case outside
    }

    /// Obstacles the box would hide: points inside it and segments that cross it.
    static func badness(_ box: Rect, _ obstacles: Obstacles) -> Int {
        var count = 0
        for (px, py) in obstacles.points where box.contains(px, py) { count += 1 }
        for (x0, y0, x1, y1) in obstacles.segments where crosses(box, x0, y0, x1, y1) { count += 1 }
        return count
    }

    /// Whether the segment meets the box (Liang-Barsky clipping: some part of it lies inside).
    static func crosses(_ box: Rect, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        for (p, q) in [(-dx, x0 - box.minX), (dx, box.maxX - x0), (-dy, y0 - box.minY), (dy, box.maxY - y0)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return false }
            }
        }
        return true
    }

    func draw(on canvas: Canvas, box: Rect) {
        let size = Self.size, padding = Self.padding, swatch = Self.swatch
        canvas.setColor(Color.white.withAlpha(0.94))
        roundedRectangle(canvas, box, radius: 3)
        canvas.fillPreserve()
        canvas.setColor(Color(hex: 0xCCCCCC))
        canvas.setLine(width: 0.8)
        canvas.stroke()
        for (row, entry) in entries.enumerated() {
            let cy = box.minY + padding + size * 0.6 + Double(row) * Self.rowHeight
            let sx = box.minX + padding
            switch entry.symbol {
            case let .line(style):
                canvas.setColor(entry.color)
                let dash: [Double] = style == .dashed ? [5.5, 3.5] : style == .dotted ? [1.5, 2.5] : []
                canvas.setLine(width: 2, dash: dash, roundCaps: dash.isEmpty)
                canvas.strokeLine(sx, cy, sx + swatch, cy)
            case let .marker(shape):
                MarkerShape.draw(canvas, shape: shape, x: sx + swatch / 2, y: cy, size: 5.5, fill: entry.color)
            }
            canvas.text(entry.label, x: sx + swatch + 7, y: cy, size: size, vertical: .middle)
        }
    }
}

func roundedRectangle(_ canvas: Canvas, _ r: Rect, radius: Double) {
    let k = 0.5523 * radius
    canvas.move(r.minX + radius, r.minY)
    canvas.line(r.maxX - radius, r.minY)
    canvas.curve(r.maxX - radius + k, r.minY, r.maxX, r.minY + radius - k, r.maxX, r.minY + radius)
    canvas.line(r.maxX, r.maxY - radius)
    canvas.curve(r.maxX, r.maxY - radius + k, r.maxX - radius + k, r.maxY, r.maxX - radius, r.maxY)
    canvas.line(r.minX + radius, r.maxY)
    canvas.curve(r.minX + radius - k, r.maxY, r.minX, r.maxY - radius + k, r.minX, r.maxY - radius)
    canvas.line(r.minX, r.minY + radius)
    canvas.curve(r.minX, r.minY + radius - k, r.minX + radius - k, r.minY, r.minX + radius, r.minY)
    canvas.close()
}

/// Point markers, a different shape per class so classes differ without colour too.
enum MarkerShape {
    static func draw(_ canvas: Canvas, shape: Int, x: Double, y: Double, size: Double, fill: Color) {
        let r = size / 2
        switch ((shape % 5) + 5) % 5 {
        case 0:
            canvas.circle(x, y, radius: r)
        case 1:
            canvas.rectangle(Rect(x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8))
        case 2:
            canvas.move(x, y - r * 1.2); canvas.line(x + r * 1.1, y + r * 0.75); canvas.line(x - r * 1.1, y + r * 0.75)
            canvas.close()
        case 3:
            canvas.move(x, y - r * 1.25); canvas.line(x + r * 1.1, y); canvas.line(x, y + r * 1.25)
            canvas.line(x - r * 1.1, y); canvas.close()
        default:
            canvas.move(x, y + r * 1.2); canvas.line(x + r * 1.1, y - r * 0.75); canvas.line(x - r * 1.1, y - r * 0.75)
            canvas.close()
        }
        canvas.setColor(fill)
        canvas.fillPreserve()
        canvas.setColor(Color.white.withAlpha(0.9))
        canvas.setLine(width: 0.6)
        canvas.stroke()
    }
}
