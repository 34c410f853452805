import Dispatch
import Interruption

/// The filled bands of a contour field, coloured pixel by pixel into a 32-bit image: the
/// figure's image itself when the canvas allows it, else an image cairo then draws.
///
/// Each grid node's band is looked up once. A cell whose four corners lie in one band is filled
/// with its colour as it is; only the cells a level crosses interpolate the value at each pixel
/// centre (bilinearly, the surface marching squares draws the lines on) and blend the two bands
/// across an edge by the pixel centre's distance to it, estimated from the value's gradient: an
/// antialiased edge without supersampling. Large images are coloured by two threads, each taking
/// half of the rows.
struct ContourBands: Sendable {
    /// Where a pixel centre lies on the grid: column `(px + 0.5) * ax + bx`, row `(py + 0.5) *
    /// ay + by` (row 0 is the field's first y), clamped to the grid as cairo's padding would.
    struct Mapping: Sendable {
        var ax: Double, bx: Double, ay: Double, by: Double
    }

    private let columns: Int
    private let rows: Int
    private let values: [Double]
    private let levels: [Double]
    /// Premultiplied ARGB32, one per band, lowest first.
    private let colors: [UInt32]
    /// Per node: how many levels lie below its value; -1 where the value is not finite.
    private let nodeBands: [Int32]
    /// Per cell: the band of all four corners, `mixed` when they differ, `blank` when a corner is
    /// not finite (the cell is left as it was, as an interpolated NaN would be).
    private let cells: [Int32]
    private static let mixed: Int32 = -2, blank: Int32 = -1

    /// `levels` increasing, `colors` one more than `levels`.
    init(field: ContourField, levels: [Double], colors: [UInt32]) {
        columns = field.x.count
        rows = field.y.count
        values = field.values
        self.levels = levels
        self.colors = colors
        let nodeBands = levels.withUnsafeBufferPointer { lv in
            field.values.map { $0.isFinite ? Int32(MarchingSquares.band(of: $0, in: lv)) : -1 }
        }
        var cells = [Int32](repeating: Self.blank, count: (columns - 1) * (rows - 1))
        for r in 0..<(rows - 1) {
            for c in 0..<(columns - 1) {
                let a = nodeBands[r * columns + c], b = nodeBands[r * columns + c + 1]
                let d = nodeBands[(r + 1) * columns + c], e = nodeBands[(r + 1) * columns + c + 1]
                guard min(a, b, d, e) >= 0 else { continue }
                cells[r * (columns - 1) + c] = a == b && a == d && a == e ? a : Self.mixed
            }
        }
        self.nodeBands = nodeBands
        self.cells = cells
    }

    /// The rows and columns of `pixels` (`stride` pixels a row) to colour, half-open.
    struct Box: Sendable {
        var x0: Int, y0: Int, x1: Int, y1: Int
    }

    /// Colours the pixels of `box`; cells with a non-finite corner leave theirs untouched. Rows
    /// are skipped once an interrupt is pending (the render is thrown away).
    func fill(_ pixels: UnsafeMutablePointer<UInt32>, stride: Int, box: Box, mapping: Mapping) {
        guard box.x1 > box.x0, box.y1 > box.y0 else { return }
        // The two halves write disjoint rows, and the caller reads nothing before both are done.
        struct Target: @unchecked Sendable { let pixels: UnsafeMutablePointer<UInt32> }
        let target = Target(pixels: pixels)
        if (box.x1 - box.x0) * (box.y1 - box.y0) >= 1 << 16 {
            let middle = (box.y0 + box.y1) / 2
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                fillRows(target.pixels, stride: stride, box: box, rows: k == 0 ? box.y0..<middle : middle..<box.y1,
                         mapping: mapping)
            }
        } else {
            fillRows(pixels, stride: stride, box: box, rows: box.y0..<box.y1, mapping: mapping)
        }
    }

    /// Per pixel column of `box`: the cell column its centre falls in and how far across it; the
    /// same for every row, so a row is a sequence of spans, one per cell.
    private func columnSpans(box: Box, mapping m: Mapping) -> (spans: [(cell: Int, start: Int, end: Int)], fractions: [Double]) {
        var spans: [(cell: Int, start: Int, end: Int)] = []
        var fractions = [Double](repeating: 0, count: box.x1 - box.x0)
        for px in box.x0..<box.x1 {
            let gx = min(max((Double(px) + 0.5) * m.ax + m.bx, 0), Double(columns - 1))
            let c = min(Int(gx), columns - 2)
            fractions[px - box.x0] = gx - Double(c)
            if let last = spans.last, last.cell == c {
                spans[spans.count - 1].end = px + 1
            } else {
                spans.append((c, px, px + 1))
            }
        }
        return (spans, fractions)
    }

    private func fillRows(_ pixels: UnsafeMutablePointer<UInt32>, stride: Int, box: Box, rows rowRange: Range<Int>,
                          mapping m: Mapping) {
        let columns = self.columns, rows = self.rows
        let (spans, fractions) = columnSpans(box: box, mapping: m)
        values.withUnsafeBufferPointer { v in
            levels.withUnsafeBufferPointer { lv in
                colors.withUnsafeBufferPointer { colors in
                    nodeBands.withUnsafeBufferPointer { bands in
                        cells.withUnsafeBufferPointer { cells in
                            fractions.withUnsafeBufferPointer { fractions in
                                for py in rowRange where !Interrupt.isRequested {
                                    let gy = min(max((Double(py) + 0.5) * m.ay + m.by, 0), Double(rows - 1))
                                    let r = min(Int(gy), rows - 2), fy = gy - Double(r)
                                    let out = pixels + py * stride
                                    for span in spans {
                                        let cell = cells[r * (columns - 1) + span.cell]
                                        if cell >= 0 {
                                            (out + span.start).update(repeating: colors[Int(cell)], count: span.end - span.start)
                                            continue
                                        }
                                        if cell == Self.blank { continue }
                                        let i = r * columns + span.cell
                                        let a = v[i], b = v[i + 1], d = v[i + columns], e = v[i + columns + 1]
                                        // Along the row the value is linear in x: from `left` to `right`.
                                        let left = a * (1 - fy) + d * fy, right = b * (1 - fy) + e * fy
                                        let dx = (right - left) * m.ax
                                        // The bilinear value lies between the corners', so its band does too.
                                        let low = Int(min(bands[i], bands[i + 1], bands[i + columns], bands[i + columns + 1]))
                                        let high = Int(max(bands[i], bands[i + 1], bands[i + columns], bands[i + columns + 1]))
                                        for px in span.start..<span.end {
                                            let fx = fractions[px - box.x0]
                                            let value = left + (right - left) * fx
                                            var k = low
                                            while k < high && lv[k] < value { k += 1 }
                                            // The nearest band edge inside this cell, and the value's slope
                                            // per pixel: closer than half a pixel, the two bands blend.
                                            var gap = Double.infinity, neighbour = k
                                            if k > low { (gap, neighbour) = (value - lv[k - 1], k - 1) }
                                            if k < high && lv[k] - value < gap { (gap, neighbour) = (lv[k] - value, k + 1) }
                                            let dy = ((d - a) * (1 - fx) + (e - b) * fx) * m.ay
                                            let slopeSquared = dx * dx + dy * dy
                                            if gap * gap < 0.25 * slopeSquared {
                                                out[px] = Self.blend(colors[k], colors[neighbour],
                                                                     weight: 0.5 - gap / slopeSquared.squareRoot())
                                            } else {
                                                out[px] = colors[k]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `p` moved towards `q` by `weight` (0...1), channel by channel (premultiplied stays so).
    @inline(__always)
    private static func blend(_ p: UInt32, _ q: UInt32, weight: Double) -> UInt32 {
        let w = UInt32(weight * 256), keep = 256 - w
        let evenChannels = ((p & 0x00FF_00FF) &* keep &+ (q & 0x00FF_00FF) &* w) >> 8 & 0x00FF_00FF
        let oddChannels = (((p >> 8) & 0x00FF_00FF) &* keep &+ ((q >> 8) & 0x00FF_00FF) &* w) & 0xFF00_FF00
        return evenChannels | oddChannels
    }
}
