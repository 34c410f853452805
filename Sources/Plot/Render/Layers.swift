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
struct TrajectoryLayer {
    let path: Trajectory
    let color: Color

    func draw(_ canvas: Canvas, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let points = zip(path.x, path.y).map { (x($0.0), y($0.1)) }.filter { $0.0.isFinite && $0.1.isFinite }
        guard let start = points.first, let end = points.last else { return false }
        for (width, stroke) in [(4.2, Color.white.withAlpha(0.85)), (1.8, color)] {
            canvas.setColor(stroke)
            canvas.setLine(width: width, roundCaps: true)
            canvas.move(start.0, start.1)
            for p in points.dropFirst() { canvas.line(p.0, p.1) }
            canvas.stroke()
        }
        if points.count <= 400 {
            canvas.setColor(color)
            for p in points { canvas.circle(p.0, p.1, radius: 1.9) }
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

/// Filled contour bands (a raster, interpolated per pixel) and contour lines (vectors).
struct ContourLayer {
    let field: ContourField
    let pixelsPerPoint: Double

    /// The colour of each band, lowest first: band k holds the values above k levels.
    static func bandColors(levels: Int) -> [Color] {
        (0...levels).map { Colormap.viridis.color(at: Double($0) / Double(levels)).mixed(with: .white, 0.25) }
    }

    func draw(_ canvas: Canvas, _ plot: Rect, _ x: AxisMapping, _ y: AxisMapping) -> Bool {
        let levels = field.levelValues()
        guard levels.count >= 2 else { return false }
        let bandColors = Self.bandColors(levels: levels.count).map(Canvas.pixel)
        let x0 = x(field.x[0]), x1 = x(field.x[field.x.count - 1])
        let y0 = y(field.y[field.y.count - 1]), y1 = y(field.y[0])
        let target = Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let width = max(2, min(Int(target.width * pixelsPerPoint), 1600))
        let height = max(2, min(Int(target.height * pixelsPerPoint), 1600))
        let pixels = bandImage(levels: levels, colors: bandColors, width: width, height: height)
        canvas.image(pixels: pixels, width: width, height: height, in: target, smooth: true)

        canvas.setColor(Color.ink.withAlpha(0.28))
        canvas.setLine(width: 0.6)
        let columns = field.x.count, rows = field.y.count
        for level in levels.dropLast() where !Interrupt.isRequested {
            for (c0, r0, c1, r1) in MarchingSquares.segments(values: field.values, columns: columns, rows: rows, level: level) {
                canvas.move(x(gridValue(field.x, c0)), y(gridValue(field.y, r0)))
                canvas.line(x(gridValue(field.x, c1)), y(gridValue(field.y, r1)))
            }
        }
        // An interrupted render is thrown away: stroking thousands of segments would only delay that.
        if Interrupt.isRequested { canvas.discardPath() } else { canvas.stroke() }
        return true
    }

    private func gridValue(_ axis: [Double], _ position: Double) -> Double {
        let i = min(max(Int(position), 0), axis.count - 2)
        return axis[i] + (position - Double(i)) * (axis[i + 1] - axis[i])
    }

    /// Bilinearly interpolates the grid at each pixel centre and colours it by band.
    private func bandImage(levels: [Double], colors: [UInt32], width: Int, height: Int) -> [UInt32] {
        let columns = field.x.count, rows = field.y.count
        var pixels = [UInt32](repeating: 0, count: width * height)
        field.values.withUnsafeBufferPointer { v in
            levels.withUnsafeBufferPointer { lv in
                pixels.withUnsafeMutableBufferPointer { out in
                    for py in 0..<height where !Interrupt.isRequested {
                        let gy = (1 - (Double(py) + 0.5) / Double(height)) * Double(rows - 1)
                        let r = min(Int(gy), rows - 2), fy = gy - Double(r)
                        for px in 0..<width {
                            let gx = (Double(px) + 0.5) / Double(width) * Double(columns - 1)
                            let c = min(Int(gx), columns - 2), fx = gx - Double(c)
                            let a = v[r * columns + c], b = v[r * columns + c + 1]
                            let d = v[(r + 1) * columns + c], e = v[(r + 1) * columns + c + 1]
                            let value = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy
                            guard value.isFinite else { out[py * width + px] = 0; continue }
                            var low = 0, high = lv.count
                            while low < high {
                                let mid = (low + high) / 2
                                if lv[mid] < value { low = mid + 1 } else { high = mid }
                            }
                            out[py * width + px] = colors[low]
                        }
                    }
                }
            }
        }
        return pixels
    }
}
