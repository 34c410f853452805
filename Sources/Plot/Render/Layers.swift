import Interruption
import Foundation

/// Scatter points coloured and shaped by class.
struct ScatterLayer {
    let series: ScatterSeries

    func draw(_ canvas: Canvas, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let count = min(series.x.count, series.y.count)
        var drew = false
        for i in 0..<count {
            let px = x(series.x[i]), py = y(series.y[i])
            guard px.isFinite, py.isFinite else { continue }
            let k = series.classes.map { i < $0.count ? $0[i] : 0 } ?? 0
            let color = series.classes == nil ? (series.color ?? Palette.color(0)) : Palette.color(k)
            MarkerShape.draw(canvas, shape: series.classes == nil ? 0 : k, x: px, y: py, size: series.size,
                             fill: color.withAlpha(0.9))
            drew = true
        }
        return drew
    }
}

/// An optimizer path: a haloed line with a dot per step, an open circle at the start, a star
/// at the end.
///
/// The line, its halo and the dots go straight into the image where the canvas allows it (see
/// `PolylineRasterizer`: round caps and joins, as cairo draws them here), which is several times
/// faster than cairo's stroker on a zigzag of a hundred steps.
struct TrajectoryLayer {
    let path: Trajectory
    let color: Color

    func draw(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let points = zip(path.x, path.y).map { (x($0.0), y($0.1)) }.filter { $0.0.isFinite && $0.1.isFinite }
        guard let start = points.first, let end = points.last else { return false }
        let xs = points.map(\.0), ys = points.map(\.1)
        for (width, stroke) in [(4.2, Color.white.withAlpha(0.85)), (1.8, color)] {
            if canvas.rasterizePolyline(xs: xs, ys: ys, width: width, color: stroke, clip: plot) { continue }
            canvas.setColor(stroke)
            canvas.setLine(width: width, roundCaps: true)
            canvas.move(start.0, start.1)
            for p in points.dropFirst() { canvas.line(p.0, p.1) }
            canvas.stroke()
        }
        // The dots: points apart, each drawn as a disk as wide as the line.
        let dotRadius = 1.9
        if points.count <= 400 && !canvas.rasterizePolyline(xs: xs.flatMap { [$0, .nan] }, ys: ys.flatMap { [$0, .nan] },
                                                            width: 2 * dotRadius, color: color, clip: plot) {
            canvas.setColor(color)
            for p in points { canvas.circle(p.0, p.1, radius: dotRadius) }
            canvas.fill()
        }
        canvas.circle(start.0, start.1, radius: 5)
        canvas.setColor(.white)
        canvas.fillPreserve()
        canvas.setColor(color)
        canvas.setLine(width: 2)
        canvas.stroke()
        star(canvas, end.0, end.1, radius: 8.5)
        canvas.setColor(color)
        canvas.fillPreserve()
        canvas.setColor(.white)
        canvas.setLine(width: 1.1)
        canvas.stroke()
        return true
    }

    private func star(_ canvas: Canvas, _ cx: Double, _ cy: Double, radius: Double) {
        for i in 0..<10 {
            let r = i % 2 == 0 ? radius : radius * 0.45
            let a = -Double.pi / 2 + Double(i) * Double.pi / 5
            if i == 0 { canvas.move(cx + r * cos(a), cy + r * sin(a)) } else { canvas.line(cx + r * cos(a), cy + r * sin(a)) }
        }
        canvas.close()
    }
}

/// A classifier's class grid as a faint nearest-neighbour image.
struct RegionsLayer {
    let regions: ClassRegions

    func draw(_ canvas: Canvas, _ x: AxisMapping, _ y: AxisMapping) {
        let colors = (0..<8).map { Canvas.pixel(Palette.color($0).mixed(with: .white, 0.72)) }
        var pixels = [UInt32](repeating: 0, count: regions.columns * regions.rows)
        for row in 0..<regions.rows {
            // Image rows run top-down, class rows bottom-up.
            let source = (regions.rows - 1 - row) * regions.columns
            for column in 0..<regions.columns {
                let k = regions.classes[source + column]
                pixels[row * regions.columns + column] = colors[((k % 8) + 8) % 8]
            }
        }
        let x0 = x(regions.x.lowerBound), x1 = x(regions.x.upperBound)
        let y0 = y(regions.y.upperBound), y1 = y(regions.y.lowerBound)
        guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { return }
        canvas.image(pixels: pixels, width: regions.columns, height: regions.rows,
                     in: Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), smooth: false)
    }
}

/// Filled contour bands (coloured per pixel, see `ContourBands`) and contour lines (marching
/// squares' segments).
struct ContourLayer {
    let field: ContourField
    /// `field.levelValues()`, found once per render (it goes through all the values several times).
    let levels: [Double]
    let pixelsPerPoint: Double

    /// The colour of each band, lowest first: band k holds the values above k levels.
    static func bandColors(levels: Int) -> [Color] {
        (0...levels).map { Colormap.viridis.color(at: Double($0) / Double(levels)).mixed(with: .white, 0.25) }
    }

    /// Whether there is anything to draw: bands need two levels.
    static func isDrawable(levels: [Double]) -> Bool { levels.count >= 2 }

    func draw(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) {
        // An interrupted render is thrown away: no need to draw anything more.
        guard Self.isDrawable(levels: levels), !Interrupt.isRequested else { return }
        let x0 = x(field.x[0]), x1 = x(field.x[field.x.count - 1])
        let y0 = y(field.y[field.y.count - 1]), y1 = y(field.y[0])
        let target = Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        if target.width > 0, target.height > 0, target.width.isFinite, target.height.isFinite {
            drawBands(canvas, levels: levels, in: target, clip: plot)
        }
        drawLines(canvas, levels: levels, plot, x, y)
    }

    /// The bands over `target`, straight into the figure's pixels where the canvas allows it.
    private func drawBands(_ canvas: Canvas, levels: [Double], in target: Rect, clip: Rect) {
        let bands = ContourBands(field: field, levels: levels, colors: Self.bandColors(levels: levels.count).map(Canvas.pixel))
        let columns = Double(field.x.count - 1), rows = Double(field.y.count - 1)
        let direct = canvas.drawDirectly { image in
            let inside = image.box(target), visible = image.box(clip)
            let box = ContourBands.Box(x0: max(inside.x0, visible.x0), y0: max(inside.y0, visible.y0),
                                       x1: min(inside.x1, visible.x1), y1: min(inside.y1, visible.y1))
            let mapping = ContourBands.Mapping(ax: columns / (target.width * image.scaleX), bx: -target.x / target.width * columns,
                                               ay: -rows / (target.height * image.scaleY), by: rows + target.y / target.height * rows)
            bands.fill(image.base, stride: image.stride, box: box, mapping: mapping)
        }
        guard !direct else { return }
        let width = max(2, min(Int(target.width * pixelsPerPoint), 1600))
        let height = max(2, min(Int(target.height * pixelsPerPoint), 1600))
        var pixels = [UInt32](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer {
            bands.fill($0.baseAddress!, stride: width, box: ContourBands.Box(x0: 0, y0: 0, x1: width, y1: height),
                       mapping: ContourBands.Mapping(ax: columns / Double(width), bx: 0, ay: -rows / Double(height), by: rows))
        }
        canvas.image(pixels: pixels, width: width, height: height, in: target, smooth: true)
    }

    /// Thin lines on the band edges, all levels composited at once so that crossings do not darken.
    private func drawLines(_ canvas: Canvas, levels: [Double], _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) {
        guard !Interrupt.isRequested else { return }
        // Segment after segment, each followed by a NaN that lifts the pen.
        var xs: [Double] = [], ys: [Double] = []
        let segments = MarchingSquares.segments(values: field.values, columns: field.x.count, rows: field.y.count,
                                                levels: Array(levels.dropLast()))
        xs.reserveCapacity(3 * segments.count)
        ys.reserveCapacity(3 * segments.count)
        for (k, (c0, r0, c1, r1)) in segments.enumerated() {
            if k & 65535 == 0 && Interrupt.isRequested { return }
            xs += [x(gridValue(field.x, c0)), x(gridValue(field.x, c1)), .nan]
            ys += [y(gridValue(field.y, r0)), y(gridValue(field.y, r1)), .nan]
        }
        // An interrupted render is thrown away: drawing thousands of segments would only delay that.
        guard !Interrupt.isRequested else { return }
        let color = Color.ink.withAlpha(0.28), width = 0.6
        guard !canvas.rasterizePolyline(xs: xs, ys: ys, width: width, color: color, clip: plot) else { return }
        canvas.setColor(color)
        canvas.setLine(width: width)
        for i in Swift.stride(from: 0, to: xs.count, by: 3) {
            canvas.move(xs[i], ys[i])
            canvas.line(xs[i + 1], ys[i + 1])
        }
        canvas.stroke()
    }

    private func gridValue(_ axis: [Double], _ position: Double) -> Double {
        let i = min(max(Int(position), 0), axis.count - 2)
        return axis[i] + (position - Double(i)) * (axis[i + 1] - axis[i])
    }
}
