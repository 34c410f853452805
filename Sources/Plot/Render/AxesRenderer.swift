import Interruption
import Foundation

/// Draws an `Axes` into a frame: fits ranges, picks ticks that do not overlap, lays out margins,
/// then draws grid, layers, axes, labels and legend.
struct AxesRenderer {
    let axes: Axes
    /// Device pixels per logical point, for per-column decimation.
    let pixelsPerPoint: Double
    /// The contour's levels (none without a contour), for its layer and its colour bar.
    private let contourLevels: [Double]

    init(axes: Axes, pixelsPerPoint: Double) {
        self.axes = axes
        self.pixelsPerPoint = pixelsPerPoint
        contourLevels = axes.contour?.levelValues() ?? []
    }

    /// Where everything goes, decided before anything is drawn.
    struct Layout {
        var frame: Rect
        var plot: Rect
        var x: AxisMapping
        var y: AxisMapping
        var legend: Legend
        var placement: Legend.Placement
    }

    func draw(on canvas: Canvas, in frame: Rect) {
        let layout = layout(on: canvas, in: frame)
        drawBackground(canvas, layout)
        drawForeground(canvas, layout)
    }

    func layout(on canvas: Canvas, in frame: Rect) -> Layout {
        let legend = Legend(entries: legendEntries())
        var (x, y) = fittedMappings()
        var plot = layout(&x, &y, canvas: canvas, frame: frame)
        let placement = legend.place(canvas, in: plot, placement: axes.legend, obstacles: obstacles(plot, x, y))
        if placement == .outside {
            plot = layout(&x, &y, canvas: canvas, frame: frame, legendWidth: legend.extent(canvas).width + Legend.outsideGap)
        }
        return Layout(frame: frame, plot: plot, x: x, y: y, legend: legend, placement: placement)
    }

    /// Whether the background is worth keeping (see `BackgroundCache`): the class regions' image
    /// and the contour's bands and lines take most of such a figure's render; the rest of a
    /// background is a white page, a title and a grid, faster drawn than copied.
    var hasCostlyBackground: Bool { axes.contour != nil || axes.regions != nil }

    /// What is drawn beneath the data a redraw changes: the grid, the class regions and the
    /// contour. `appendBackgroundKey` lists every value this reads.
    func drawBackground(_ canvas: Canvas, _ layout: Layout) {
        let (plot, x, y) = (layout.plot, layout.x, layout.y)
        if axes.grid { drawGrid(canvas, plot, x, y) }
        canvas.save()
        canvas.clip(plot)
        if let regions = axes.regions { RegionsLayer(regions: regions).draw(canvas, x, y) }
        if let contour = axes.contour {
            ContourLayer(field: contour, levels: contourLevels, pixelsPerPoint: pixelsPerPoint).draw(canvas, plot, x, y)
        }
        canvas.restore()
    }

    /// Every value `drawBackground` reads, for finding its pixels in a `BackgroundCache`.
    func appendBackgroundKey(_ layout: Layout, to key: inout BackgroundKey) {
        key.append(pixelsPerPoint)
        key.append(layout.plot)
        for axis in [layout.x, layout.y] {
            for v in [axis.low, axis.high, axis.pixelLow, axis.pixelHigh] { key.append(v) }
            key.append(axis.scale == .log ? 1 : 0)
            key.append(axis.ticks)
        }
        key.append(axes.grid ? 1 : 0)
        if let regions = axes.regions {
            for v in [regions.x.lowerBound, regions.x.upperBound, regions.y.lowerBound, regions.y.upperBound] { key.append(v) }
            key.append(regions.columns)
            key.append(regions.rows)
            key.append(regions.classes)
        } else {
            key.append(-1)
        }
        if let contour = axes.contour {
            key.append(contour.x)
            key.append(contour.y)
            key.append(contour.values)
            key.append(contourLevels)
        } else {
            key.append(-1)
        }
    }

    /// Everything above the background: markers, lines, paths and scatter points, then the axes,
    /// the colour bar and the legend.
    func drawForeground(_ canvas: Canvas, _ layout: Layout) {
        let (plot, x, y) = (layout.plot, layout.x, layout.y)
        var hasData = axes.regions != nil || (axes.contour != nil && ContourLayer.isDrawable(levels: contourLevels))
        hasData = drawLayers(canvas, plot, x, y) || hasData
        drawAxes(canvas, plot, x, y, frame: layout.frame)
        if !hasData {
            canvas.text("no data to show", x: plot.midX, y: plot.midY, size: Theme.noteSize,
                        color: .mutedText, horizontal: .center, vertical: .middle)
        }
        var right = plot.maxX
        if var bar = contourBar(height: plot.height) {
            bar.scale.pixelLow = plot.maxY
            bar.scale.pixelHigh = plot.minY
            bar.draw(canvas, left: plot.maxX + ColorBar.gap)
            right += bar.extent(canvas)
        }
        var placement = layout.placement
        if placement == .outside {
            let (width, height) = layout.legend.extent(canvas)
            placement = .inside(Rect(x: right + Legend.outsideGap, y: plot.minY, width: width, height: height))
        }
        if case .inside(let box) = placement { layout.legend.draw(on: canvas, box: box) }
    }

    // MARK: Ranges

    private func bounds(_ values: [Double], into bound: inout (Double, Double)?, positiveOnly: Bool) {
        values.withUnsafeBufferPointer { buffer in
            var low = bound?.0 ?? .infinity, high = bound?.1 ?? -.infinity
            for v in buffer where v.isFinite && (!positiveOnly || v > 0) {
                if v < low { low = v }
                if v > high { high = v }
            }
            if low <= high { bound = (low, high) }
        }
    }

    private func fittedMappings() -> (AxisMapping, AxisMapping) {
        var xb: (Double, Double)?, yb: (Double, Double)?
        let logX = axes.xScale == .log, logY = axes.yScale == .log
        var tight = false
        for line in axes.lines {
            // x spans only points whose y can be drawn.
            var xs: [Double] = []
            line.y.withUnsafeBufferPointer { ys in
                if let x = line.x {
                    for i in 0..<min(ys.count, x.count) where ys[i].isFinite && (!logY || ys[i] > 0) { xs.append(x[i]) }
                } else {
                    let usable = { (i: Int) in ys[i].isFinite && (!logY || ys[i] > 0) }
                    if let first = (0..<ys.count).first(where: usable), let last = (0..<ys.count).last(where: usable) {
                        xs = [Double(first), Double(last)]
                    }
                }
            }
            bounds(xs, into: &xb, positiveOnly: logX)
            bounds(line.y, into: &yb, positiveOnly: logY)
        }
        for s in axes.scatter {
            bounds(s.x, into: &xb, positiveOnly: logX)
            bounds(s.y, into: &yb, positiveOnly: logY)
        }
        for p in axes.paths {
            bounds(p.x, into: &xb, positiveOnly: logX)
            bounds(p.y, into: &yb, positiveOnly: logY)
        }
        if let c = axes.contour, let x0 = c.x.first, let x1 = c.x.last, let y0 = c.y.first, let y1 = c.y.last {
            xb = (x0, x1); yb = (y0, y1); tight = true
        }
        if let r = axes.regions {
            xb = (r.x.lowerBound, r.x.upperBound); yb = (r.y.lowerBound, r.y.upperBound); tight = true
        }
        let xr = axes.xLimits.map { ($0.lowerBound, $0.upperBound) }
            ?? AxisMapping.fitted(xb, scale: axes.xScale, padding: tight ? 0 : 0.02)
        let yr = axes.yLimits.map { ($0.lowerBound, $0.upperBound) }
            ?? AxisMapping.fitted(yb, scale: axes.yScale, padding: tight ? 0 : 0.05)
        return (AxisMapping(low: xr.0, high: xr.1, scale: axes.xScale),
                AxisMapping(low: yr.0, high: yr.1, scale: axes.yScale))
    }

    // MARK: Layout

    /// Both axes with ranges, ticks and labels chosen and their screen extent laid out in `frame`.
    func tickLayout(on canvas: Canvas, in frame: Rect) -> (x: AxisMapping, y: AxisMapping) {
        var (x, y) = fittedMappings()
        _ = layout(&x, &y, canvas: canvas, frame: frame)
        return (x, y)
    }

    /// Picks tick counts so labels never overlap and sizes the margins around the plot area.
    /// `legendWidth` is room kept right of everything for a legend placed outside the plot.
    private func layout(_ x: inout AxisMapping, _ y: inout AxisMapping, canvas: Canvas, frame: Rect,
                        legendWidth: Double = 0) -> Rect {
        let bottomText = Theme.tickLength + 4 + Theme.tickSize + (axes.xLabel == nil ? 0 : Theme.labelSize + 8)
        let plotHeight = max(frame.height - bottomText - 2 * Theme.margin, 20)
        // y ticks: at least 2.2 text heights apart.
        var count = max(2, min(9, Int(plotHeight / 48)))
        while true {
            y.chooseTicks(count: count)
            let spacing = plotHeight / max(Double(y.ticks.count - 1), 1) * 0.999
            if y.ticks.count <= 2 || spacing >= Theme.tickSize * 2.2 || count <= 2 { break }
            count -= 1
        }
        let yLabelWidth = y.labels.map { canvas.textWidth($0, size: Theme.tickSize) }.max() ?? 0
        let left = frame.x + Theme.margin + (axes.yLabel == nil ? 0 : Theme.labelSize + 8)
            + yLabelWidth + Theme.tickLength + 4
        var right = frame.maxX - Theme.margin - 6 - (contourBar(height: plotHeight)?.extent(canvas) ?? 0) - legendWidth
        let plotWidth = max(right - left, 20)
        x.pixelLow = left
        x.pixelHigh = right
        count = max(2, min(10, Int(plotWidth / 85)))
        while true {
            x.chooseTicks(count: count)
            if count <= 2 || !xLabelsOverlap(x, canvas) { break }
            count -= 1
        }
        // Still crowded at the fewest ticks (long labels, narrow plot): keep every other one.
        while x.ticks.count > 1 && xLabelsOverlap(x, canvas) {
            let kept = x.ticks.indices.filter { $0 % 2 == 0 }
            x.ticks = kept.map { x.ticks[$0] }
            x.labels = kept.map { x.labels[$0] }
        }
        // A last label hanging past the frame pulls the right edge in.
        if let last = x.labels.last, let lastTick = x.ticks.last {
            let overhang = x(lastTick) + canvas.textWidth(last, size: Theme.tickSize) / 2 - (frame.maxX - 4)
            if overhang > 0 { right -= overhang }
        }
        let plot = Rect(x: left, y: frame.y + Theme.margin, width: max(right - left, 20), height: plotHeight)
        x.pixelLow = plot.minX
        x.pixelHigh = plot.maxX
        y.pixelLow = plot.maxY
        y.pixelHigh = plot.minY
        return plot
    }

    /// The contour's colour key: one band of equal height per interval between levels, ticks at
    /// the levels from the top one down, thinned so their labels stay apart.
    private func contourBar(height: Double) -> ColorBar? {
        guard let field = axes.contour else { return nil }
        let levels = contourLevels
        guard let topLevel = levels.last, levels.count >= 2 else { return nil }
        // A band above the top level only when values lie there (explicit levels), not by rounding.
        let above = field.values.contains { $0.isFinite && $0 - topLevel > 1e-9 * Swift.max(abs(topLevel), 1e-300) }
        let bands = levels.count + (above ? 1 : 0)
        var scale = AxisMapping(low: 0, high: Double(bands), scale: .linear)
        let every = max(1, Int(ceil(Theme.tickSize * 1.8 / (height / Double(bands)))))
        // Band k lies between levels k-1 and k: the level k-1 is the edge at position k.
        scale.ticks = Swift.stride(from: levels.count, through: 1, by: -every).reversed().map(Double.init)
        scale.labels = scale.ticks.map { TickLabelFormatter.compact(levels[Int($0) - 1]) }
        return ColorBar(colors: Array(ContourLayer.bandColors(levels: levels.count).prefix(bands)), smooth: false,
                        scale: scale, label: nil)
    }

    private func xLabelsOverlap(_ x: AxisMapping, _ canvas: Canvas) -> Bool {
        var previousRight = -Double.infinity
        for (tick, label) in zip(x.ticks, x.labels) {
            let width = canvas.textWidth(label, size: Theme.tickSize)
            let left = x(tick) - width / 2
            if left < previousRight + Theme.tickSize * 1.2 { return true }
            previousRight = left + width
        }
        return false
    }

    // MARK: Drawing

    private func drawGrid(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) {
        canvas.setColor(.gridLine)
        canvas.setLine(width: 0.8)
        for t in y.ticks {
            let p = (y(t) * pixelsPerPoint).rounded() / pixelsPerPoint
            canvas.move(plot.minX, p); canvas.line(plot.maxX, p)
        }
        if axes.contour == nil && axes.regions == nil {
            for t in x.ticks {
                let p = (x(t) * pixelsPerPoint).rounded() / pixelsPerPoint
                canvas.move(p, plot.minY); canvas.line(p, plot.maxY)
            }
        }
        canvas.stroke()
    }

    /// Draws the layers above the background clipped to the plot; false when none was drawable.
    private func drawLayers(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        canvas.save()
        canvas.clip(plot)
        var hasData = false
        for marker in axes.markers {
            let p = x(marker.x)
            guard p.isFinite else { continue }
            canvas.setColor(Color(hex: 0x9E9E9E))
            canvas.setLine(width: 0.9, dash: [3, 3])
            canvas.strokeLine(p, plot.minY, p, plot.maxY)
            if let label = marker.label {
                canvas.text(label, x: p + 3, y: plot.minY + 3, size: Theme.tickSize - 1.5, color: .mutedText,
                            vertical: .top)
            }
        }
        for (index, line) in axes.lines.enumerated() where !Interrupt.isRequested {
            hasData = drawLine(line, color: line.color ?? Palette.color(index), canvas, plot, x, y) || hasData
        }
        for (index, path) in axes.paths.enumerated() {
            hasData = TrajectoryLayer(path: path, color: path.color ?? Palette.color(index + axes.lines.count))
                .draw(canvas, plot, x, y) || hasData
        }
        for series in axes.scatter {
            hasData = ScatterLayer(series: series).draw(canvas, x, y) || hasData
        }
        canvas.restore()
        return hasData
    }

    private func drawLine(_ line: LineSeries, color: Color, _ canvas: Canvas, _ plot: Rect,
                          _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let weight = line.smoothing ?? 0
        let dash: [Double]
        switch line.style {
        case .solid: dash = []
        case .dashed: dash = [5.5, 3.5]
        case .dotted: dash = [1.5, 2.5]
        }
        var drewSomething = false
        if weight > 0 {
            drewSomething = stroke(line.y, line, color: color.withAlpha(0.25), width: max(line.width * 0.7, 1),
                                   dash: dash, canvas, plot, x, y)
            _ = stroke(smoothed(line.y, weight: weight), line, color: color, width: line.width, dash: dash,
                       canvas, plot, x, y)
        } else {
            drewSomething = stroke(line.y, line, color: color, width: line.width, dash: dash, canvas, plot, x, y)
        }
        return drewSomething
    }

    private func stroke(_ values: [Double], _ line: LineSeries, color: Color, width: Double, dash: [Double],
                        _ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let polyline = values.withUnsafeBufferPointer { ys in
            ScreenPolyline(count: ys.count, pixelsPerPoint: pixelsPerPoint, point: line.xValue,
                           value: { ys[$0] }, projectX: { x($0) }, projectY: { y($0) }, plotWidth: plot.width)
        }
        guard polyline.xs.contains(where: { $0.isFinite }) else { return false }
        if dash.isEmpty && polyline.xs.count > 64 && !line.showsPoints
            && canvas.rasterizePolyline(xs: polyline.xs, ys: polyline.ys, width: width, color: color, clip: plot) {
            return true
        }
        canvas.setColor(color)
        canvas.setLine(width: width, dash: dash, roundCaps: dash.isEmpty)
        // Long polylines are most of a figure's raster time; cairo's 4x4-sample rasterizer is
        // several times faster than its exact one, and at 2x device scale looks the same.
        canvas.setFastAntialiasing(polyline.xs.count > 64)
        defer { canvas.setFastAntialiasing(false) }
        var penDown = false
        var isolated: [(Double, Double)] = []
        polyline.xs.withUnsafeBufferPointer { xs in
            polyline.ys.withUnsafeBufferPointer { ys in
                for i in 0..<xs.count {
                    if ys[i].isNaN { penDown = false; continue }
                    if penDown {
                        canvas.line(xs[i], ys[i])
                    } else {
                        canvas.move(xs[i], ys[i])
                        let nextIsGap = i + 1 >= xs.count || ys[i + 1].isNaN
                        if nextIsGap { isolated.append((xs[i], ys[i])) }
                        penDown = true
                    }
                }
            }
        }
        canvas.stroke()
        // A point with gaps on both sides would be invisible as a line: draw it as a dot.
        if line.showsPoints {
            for (px, py) in zip(polyline.xs, polyline.ys) where py.isFinite { canvas.circle(px, py, radius: width * 1.4) }
            canvas.fill()
        } else if !isolated.isEmpty {
            for (px, py) in isolated { canvas.circle(px, py, radius: width) }
            canvas.fill()
        }
        return true
    }

    private func drawAxes(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping, frame: Rect) {
        canvas.setColor(Theme.axisLine)
        canvas.setLine(width: Theme.axisLineWidth)
        canvas.strokeLine(plot.minX, plot.maxY, plot.maxX, plot.maxY)
        canvas.strokeLine(plot.minX, plot.minY, plot.minX, plot.maxY)
        if axes.contour != nil || axes.regions != nil {
            canvas.strokeLine(plot.maxX, plot.minY, plot.maxX, plot.maxY)
            canvas.strokeLine(plot.minX, plot.minY, plot.maxX, plot.minY)
        }
        for t in x.ticks {
            let p = x(t)
            canvas.strokeLine(p, plot.maxY, p, plot.maxY + Theme.tickLength)
        }
        for t in y.ticks {
            let p = y(t)
            canvas.strokeLine(plot.minX - Theme.tickLength, p, plot.minX, p)
        }
        canvas.setLine(width: 0.6)
        for t in y.minorTicks {
            let p = y(t)
            canvas.strokeLine(plot.minX - Theme.tickLength * 0.6, p, plot.minX, p)
        }
        for t in x.minorTicks {
            let p = x(t)
            canvas.strokeLine(p, plot.maxY, p, plot.maxY + Theme.tickLength * 0.6)
        }
        for (t, label) in zip(x.ticks, x.labels) {
            canvas.text(label, x: x(t), y: plot.maxY + Theme.tickLength + 4, size: Theme.tickSize,
                        horizontal: .center, vertical: .top)
        }
        for (t, label) in zip(y.ticks, y.labels) {
            canvas.text(label, x: plot.minX - Theme.tickLength - 4, y: y(t), size: Theme.tickSize,
                        horizontal: .right, vertical: .middle)
        }
        if let label = axes.xLabel {
            canvas.text(label, x: plot.midX, y: plot.maxY + Theme.tickLength + 8 + Theme.tickSize + 4,
                        size: Theme.labelSize, horizontal: .center, vertical: .top)
        }
        if let label = axes.yLabel {
            canvas.text(label, x: frame.minX + Theme.margin + Theme.labelSize * 0.75, y: plot.midY,
                        size: Theme.labelSize, horizontal: .center, vertical: .middle, angle: -Double.pi / 2)
        }
    }

    // MARK: Legend

    private func legendEntries() -> [Legend.Entry] {
        var entries: [Legend.Entry] = []
        for (index, line) in axes.lines.enumerated() where !Interrupt.isRequested {
            guard let label = line.label else { continue }
            entries.append(.init(label: label, color: line.color ?? Palette.color(index),
                                 symbol: .line(line.style)))
        }
        for (index, path) in axes.paths.enumerated() {
            guard let label = path.label else { continue }
            entries.append(.init(label: label, color: path.color ?? Palette.color(index + axes.lines.count),
                                 symbol: .line(.solid)))
        }
        for series in axes.scatter {
            if let classes = series.classes {
                for k in Set(classes).sorted() {
                    let name = k < series.classNames.count ? series.classNames[k] : "class \(k)"
                    entries.append(.init(label: name, color: Palette.color(k), symbol: .marker(k)))
                }
            } else if let label = series.label {
                entries.append(.init(label: label, color: series.color ?? Palette.color(0), symbol: .marker(0)))
            }
        }
        return entries
    }

    /// What is drawn, in screen space, for choosing where the legend hides nothing: lines and
    /// paths as segments (a long line is sampled to about 2000), scatter markers as points.
    private func obstacles(_ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) -> Legend.Obstacles {
        var found = Legend.Obstacles()
        func polyline(_ points: [(Double, Double)]) {
            var previous: (Double, Double)?
            for p in points {
                guard p.0.isFinite && p.1.isFinite else { previous = nil; continue }
                if let q = previous { found.segments.append((q.0, q.1, p.0, p.1)) } else { found.points.append(p) }
                previous = p
            }
        }
        for line in axes.lines {
            let values = (line.smoothing ?? 0) > 0 ? smoothed(line.y, weight: line.smoothing ?? 0) : line.y
            let stride = max(1, values.count / 2000)
            var indices = Array(Swift.stride(from: 0, to: values.count, by: stride))
            if let last = indices.last, last != values.count - 1 { indices.append(values.count - 1) }
            polyline(indices.map { (x(line.xValue($0)), y(values[$0])) })
        }
        for path in axes.paths {
            polyline(zip(path.x, path.y).map { (x($0), y($1)) })
        }
        for marker in axes.markers {
            let p = x(marker.x)
            guard p.isFinite else { continue }
            found.segments.append((p, plot.minY, p, plot.maxY))
            // The label counts more than the thin line: it must never sit under the legend.
            let labelEnd = p + 3 + Double(marker.label?.count ?? 0) * Theme.tickSize * 0.55
            for px in Swift.stride(from: p, through: labelEnd, by: 2) { found.points.append((px, plot.minY + 8)) }
        }
        for series in axes.scatter {
            let stride = max(1, series.x.count / 2000)
            for i in Swift.stride(from: 0, to: min(series.x.count, series.y.count), by: stride) {
                found.points.append((x(series.x[i]), y(series.y[i])))
            }
        }
        return found
    }
}
