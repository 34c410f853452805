import Interruption
import Foundation

/// Antialiased thick polylines drawn straight into an RGB24 image, for long data series.
///
/// Cairo strokes a 1,000-point polyline by building its outline polygon and scan-converting it,
/// which took most of a loss figure's render time. Here each segment is a capsule (round caps
/// and joins come free) whose pixels get coverage from their distance to the segment; a line's
/// coverage is the maximum over its segments, so overlaps do not darken, and is composited once.
/// Only the pixels a line touched are composited and cleared.
///
/// Sendable for `draw`'s second lane only: the two lanes write disjoint rows of `pixels` and
/// `coverage` and disjoint halves of `touched`, and nothing else uses the rasterizer until `draw`
/// returns.
final class PolylineRasterizer: @unchecked Sendable {
    private let pixels: UnsafeMutablePointer<UInt32>
    private let stride: Int  // in pixels
    private let height: Int
    private let clip: (x0: Int, y0: Int, x1: Int, y1: Int)  // half-open, device pixels
    /// Coverage per image pixel (same indexing as `pixels`), zero outside the line being drawn,
    /// and the indices whose coverage became non-zero while drawing the current line.
    private let buffers: CoverageBuffers
    private let coverage: UnsafeMutablePointer<UInt8>
    private let touched: UnsafeMutablePointer<Int32>

    init(pixels: UnsafeMutablePointer<UInt32>, stride: Int, height: Int, clip: (x0: Int, y0: Int, x1: Int, y1: Int)) {
        self.pixels = pixels
        self.stride = stride
        self.height = height
        self.clip = clip
        buffers = RasterPool.shared.takeBuffers(capacity: stride * height)
        coverage = buffers.coverage
        touched = buffers.touched
    }

    deinit { RasterPool.shared.recycle(buffers) }

    /// Draws the polyline through device-pixel points `xs`, `ys` (NaN in `ys` lifts the pen)
    /// with line width `lineWidth` in device pixels.
    ///
    /// Long lines on large images are drawn by two threads, one taking the even rows and one the
    /// odd rows: rows of a loss curve are busy everywhere the curve goes, so the halves are even,
    /// and no pixel is written by both.
    func draw(xs: [Double], ys: [Double], lineWidth: Double, color: Color) {
        guard clip.x1 > clip.x0, clip.y1 > clip.y0 else { return }
        let lanes = clip.y1 - clip.y0 >= 64 && xs.count >= 256 ? 2 : 1
        // Lane k writes its touched indices from `touched + k * laneCapacity`: rows of one parity
        // hold at most this many pixels.
        let laneCapacity = (height + 1) / 2 * stride
        if lanes == 1 {
            drawLane(xs, ys, lineWidth / 2, color, lane: 0, of: 1, touched: touched)
        } else {
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                drawLane(xs, ys, lineWidth / 2, color, lane: lane, of: lanes, touched: touched + lane * laneCapacity)
            }
        }
    }

    /// Coverage of the rows `lane`, `lane + lanes`, … of every segment, then their composite.
    private func drawLane(_ xs: [Double], _ ys: [Double], _ radius: Double,
                          _ color: Color, lane: Int, of lanes: Int, touched: UnsafeMutablePointer<Int32>) {
        var marks = CoverageMarks(coverage: coverage, touched: touched, stride: stride,
                                  x0: clip.x0, y0: clip.y0, x1: clip.x1, y1: clip.y1)
        xs.withUnsafeBufferPointer { px in
            ys.withUnsafeBufferPointer { py in
                var i = 0
                while i < px.count {
                    // An interrupted render is thrown away: stop within a few thousand segments
                    // (a contour's lines can be millions).
                    if i & 4095 == 0 && Interrupt.isRequested { break }
                    guard py[i].isFinite, px[i].isFinite else { i += 1; continue }
                    let next = i + 1 < px.count && py[i + 1].isFinite && px[i + 1].isFinite ? i + 1 : i
                    // The last point of a run is inside its segment's round cap already; only a
                    // point joined to neither neighbour is drawn alone, as a dot.
                    if next == i && i > 0 && py[i - 1].isFinite && px[i - 1].isFinite { i += 1; continue }
                    marks.capsule(px[i], py[i], px[next], py[next], radius, lane: lane, of: lanes)
                    i += 1
                }
            }
        }
        composite(color, touched: touched, marks.count)
    }

    private func composite(_ color: Color, touched: UnsafeMutablePointer<Int32>, _ count: Int) {
        let alpha = UInt32(min(max(color.alpha, 0), 1) * 256)
        let r = UInt32(min(max(color.red, 0), 1) * 255), g = UInt32(min(max(color.green, 0), 1) * 255)
        let b = UInt32(min(max(color.blue, 0), 1) * 255)
        let coverage = self.coverage, pixels = self.pixels
        for k in 0..<count {
            let i = Int(touched[k])
            let a = min((UInt32(coverage[i]) * alpha) >> 8, 255)
            coverage[i] = 0
            let inverse = 255 - a
            let p = pixels[i]
            let nr = (r * a + ((p >> 16) & 0xFF) * inverse + 127) / 255
            let ng = (g * a + ((p >> 8) & 0xFF) * inverse + 127) / 255
            let nb = (b * a + (p & 0xFF) * inverse + 127) / 255
            pixels[i] = 0xFF00_0000 | (nr << 16) | (ng << 8) | nb
        }
    }
}

/// One lane's view of the coverage buffer, in locals rather than class properties so that the
/// per-pixel loop keeps them in registers: the coverage so far, the touched list and its length.
private struct CoverageMarks {
    let coverage: UnsafeMutablePointer<UInt8>
    let touched: UnsafeMutablePointer<Int32>
    let stride: Int
    let x0: Int, y0: Int, x1: Int, y1: Int  // the clip, half-open, device pixels
    var count = 0

    /// Marks coverage of the capsule around segment (ax, ay)-(bx, by), in the rows of this lane.
    @inline(__always)
    mutating func capsule(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ r: Double, lane: Int, of lanes: Int) {
        let reach = r + 0.5  // coverage reaches pixel centres closer than r + 0.5
        let dx = bx - ax, dy = by - ay
        let lengthSquared = dx * dx + dy * dy
        let inverse = lengthSquared > 1e-12 ? 1 / lengthSquared : 0
        let rowLow = max(Int(floor(min(ay, by) - reach)), y0)
        let rowHigh = min(Int(ceil(max(ay, by) + reach)), y1 - 1)
        guard rowLow <= rowHigh else { return }
        let boxLow = min(ax, bx) - reach, boxHigh = max(ax, bx) + reach
        // Within a row the capsule spans the segment's crossing ± reach / |sin θ|.
        let length = lengthSquared.squareRoot()
        let inverseLength = length > 1e-6 ? 1 / length : 0
        let stepT = dx * inverse, stepPerpendicular = dy * inverseLength
        let slopeX = abs(dy) > 1e-9 ? dx / dy : 0
        let halfSpan = abs(dy) > 1e-9 ? reach * length / abs(dy) : .infinity
        // The first row of this lane's parity at or after rowLow.
        let firstRow = rowLow + ((lane - rowLow) % lanes + lanes) % lanes
        var n = count
        for row in Swift.stride(from: firstRow, through: rowHigh, by: lanes) {
            let cy = Double(row) + 0.5
            var low = boxLow, high = boxHigh
            if halfSpan.isFinite {
                let crossing = ax + (cy - ay) * slopeX
                low = max(low, crossing - halfSpan)
                high = min(high, crossing + halfSpan)
            }
            let c0 = max(Int(floor(low)), x0), c1 = min(Int(ceil(high)), x1 - 1)
            guard c0 <= c1 else { continue }
            let base = row * stride
            // Along a row both the projection t and the signed distance to the segment's line
            // change linearly with x; only pixels past an end need a square root.
            let startX = Double(c0) + 0.5
            var t = ((startX - ax) * dx + (cy - ay) * dy) * inverse
            var perpendicular = ((startX - ax) * dy - (cy - ay) * dx) * inverseLength
            for column in c0...c1 {
                let distance: Double
                if t >= 0 && t <= 1 && inverseLength > 0 {
                    distance = abs(perpendicular)
                } else {
                    let cx = Double(column) + 0.5
                    let (ex, ey) = t > 0.5 ? (cx - bx, cy - by) : (cx - ax, cy - ay)
                    distance = (ex * ex + ey * ey).squareRoot()
                }
                t += stepT
                perpendicular += stepPerpendicular
                let c = reach - distance
                guard c > 0 else { continue }
                let value = UInt8(min(c, 1) * 255)
                let index = base + column
                let old = coverage[index]
                if value > old {
                    if old == 0 {
                        touched[n] = Int32(index)
                        n += 1
                    }
                    coverage[index] = value
                }
            }
        }
        count = n
    }
}
