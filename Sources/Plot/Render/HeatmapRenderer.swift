import Foundation

/// Draws a heatmap: labelled cells, values written where they fit, the best cell outlined and a
/// viridis colour bar with its own ticks.
struct HeatmapRenderer {
    let heatmap: Heatmap

    func draw(on canvas: Canvas, in frame: Rect) {
        let h = heatmap
        let finite = h.values.filter { $0.isFinite && (!h.logColor || $0 > 0) }
        let scale: Axes.Scale = h.logColor ? .log : .linear
        let (low, high) = AxisMapping.fitted(finite.min().map { ($0, finite.max() ?? $0) }, scale: scale, padding: 0)
        var bar = AxisMapping(low: low, high: high, scale: scale)

        let rowLabelWidth = h.rowLabels.map { canvas.textWidth($0, size: Theme.tickSize) }.max() ?? 0
        let left = frame.minX + Theme.margin + (h.rowTitle == nil ? 0 : Theme.labelSize + 8) + rowLabelWidth + 6
        let bottomSpace = Theme.tickSize + 8 + (h.columnTitle == nil ? 0 : Theme.labelSize + 8)
        // Colour-bar labels are measured after ticks are chosen; 60 points is reserved first.
        let barLeftGuess = frame.maxX - Theme.margin - 60 - (h.colorBarLabel == nil ? 0 : Theme.labelSize + 6) - ColorBar.width
        let cells = Rect(x: left, y: frame.minY + Theme.margin, width: max(barLeftGuess - ColorBar.gap - left, 20),
                         height: max(frame.height - 2 * Theme.margin - bottomSpace, 20))
        bar.pixelLow = cells.maxY
        bar.pixelHigh = cells.minY
        bar.chooseTicks(count: max(2, min(8, Int(cells.height / 40))))
        let cellWidth = cells.width / Double(h.columns), cellHeight = cells.height / Double(h.rows)

        func normalized(_ v: Double) -> Double {
            let p = bar(v)
            return p.isFinite ? (cells.maxY - p) / cells.height : .nan
        }

        let texts = h.values.map { TickLabelFormatter.compact($0) }
        let textWidest = texts.map { canvas.textWidth($0, size: Theme.tickSize - 1) }.max() ?? 0
        let annotate = h.annotate ?? (textWidest + 6 < cellWidth && Theme.tickSize * 1.6 < cellHeight)
        for row in 0..<h.rows {
            for column in 0..<h.columns {
                let v = h.values[row * h.columns + column]
                let rect = Rect(x: cells.minX + Double(column) * cellWidth, y: cells.minY + Double(row) * cellHeight,
                                width: cellWidth, height: cellHeight)
                let color = Colormap.viridis.color(at: normalized(v))
                canvas.fill(Rect(x: rect.x, y: rect.y, width: rect.width + 0.3, height: rect.height + 0.3), color)
                if annotate {
                    canvas.text(texts[row * h.columns + column], x: rect.midX, y: rect.midY, size: Theme.tickSize - 1,
                                color: color.luminance > 0.35 ? .ink : .white, horizontal: .center, vertical: .middle)
                }
            }
        }
        if let best = h.bestIndex {
            let rect = Rect(x: cells.minX + Double(best % h.columns) * cellWidth,
                            y: cells.minY + Double(best / h.columns) * cellHeight, width: cellWidth, height: cellHeight)
            canvas.setLine(width: 3)
            canvas.setColor(.white)
            canvas.rectangle(rect.inset(2.5))
            canvas.stroke()
            canvas.setLine(width: 1.5)
            canvas.setColor(Palette.color(1))
            canvas.rectangle(rect.inset(4.5))
            canvas.stroke()
        }
        for (row, label) in h.rowLabels.prefix(h.rows).enumerated() {
            canvas.text(label, x: cells.minX - 6, y: cells.minY + (Double(row) + 0.5) * cellHeight, size: Theme.tickSize,
                        horizontal: .right, vertical: .middle)
        }
        for (column, label) in h.columnLabels.prefix(h.columns).enumerated() {
            canvas.text(label, x: cells.minX + (Double(column) + 0.5) * cellWidth, y: cells.maxY + 6,
                        size: Theme.tickSize, horizontal: .center, vertical: .top)
        }
        if let title = h.columnTitle {
            canvas.text(title, x: cells.midX, y: cells.maxY + Theme.tickSize + 14, size: Theme.labelSize,
                        horizontal: .center, vertical: .top)
        }
        if let title = h.rowTitle {
            canvas.text(title, x: frame.minX + Theme.margin + Theme.labelSize * 0.75, y: cells.midY, size: Theme.labelSize,
                        horizontal: .center, vertical: .middle, angle: -Double.pi / 2)
        }
        let steps = 256
        ColorBar(colors: (0..<steps).map { Colormap.viridis.color(at: (Double($0) + 0.5) / Double(steps)) }, smooth: true,
                 scale: bar, label: h.colorBarLabel).draw(canvas, left: cells.maxX + ColorBar.gap)
    }
}
