/// A legend box: one row per entry with a line or marker swatch, placed in the corner of the
/// plot that hides the fewest data points (or where asked).
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

    func draw(on canvas: Canvas, in plot: Rect, placement: Axes.LegendPlacement, obstacles: [(Double, Double)]) {
        guard !entries.isEmpty, placement != .none else { return }
        let size = Theme.legendSize
        let rowHeight = size * 1.55
        let swatch = 22.0
        let padding = 7.0
        let textWidth = entries.map { canvas.textWidth($0.label, size: size) }.max() ?? 0
        let width = padding * 2 + swatch + 7 + textWidth
        let height = padding * 2 + rowHeight * Double(entries.count) - (rowHeight - size * 1.2)
        let inset = 8.0
        let corners: [(Axes.LegendPlacement, Rect)] = [
            (.upperRight, Rect(x: plot.maxX - inset - width, y: plot.minY + inset, width: width, height: height)),
            (.upperLeft, Rect(x: plot.minX + inset, y: plot.minY + inset, width: width, height: height)),
            (.lowerLeft, Rect(x: plot.minX + inset, y: plot.maxY - inset - height, width: width, height: height)),
            (.lowerRight, Rect(x: plot.maxX - inset - width, y: plot.maxY - inset - height, width: width, height: height)),
        ]
        let box: Rect
        if let chosen = corners.first(where: { $0.0 == placement }) {
            box = chosen.1
        } else {
            let counts = corners.map { corner in
                obstacles.reduce(0) { $0 + (corner.1.inset(-4).contains($1.0, $1.1) ? 1 : 0) }
            }
            let best = counts.indices.min { counts[$0] < counts[$1] } ?? 0
            box = corners[best].1
        }
        canvas.setColor(Color.white.withAlpha(0.94))
        roundedRectangle(canvas, box, radius: 3)
        canvas.fillPreserve()
        canvas.setColor(Color(hex: 0xCCCCCC))
        canvas.setLine(width: 0.8)
        canvas.stroke()
        for (row, entry) in entries.enumerated() {
            let cy = box.minY + padding + size * 0.6 + Double(row) * rowHeight
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
