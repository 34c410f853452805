import Interruption
/// Contour lines of a gridded field by marching squares: the line segments where the bilinear
/// surface crosses each level, in grid coordinates (column, row as fractions).
///
/// Each cell is visited once, for the levels between its lowest and highest corner only, so the
/// cost follows the lines drawn rather than cells times levels. Cells with a non-finite corner
/// are skipped; saddle cells are resolved by the cell's mean.
enum MarchingSquares {
    /// How many of the increasing `levels` lie below `value`: the band it falls in.
    static func band(of value: Double, in levels: UnsafeBufferPointer<Double>) -> Int {
        var low = 0, high = levels.count
        while low < high {
            let mid = (low + high) / 2
            if levels[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The segments of every level in `levels` (increasing), in no particular order.
    static func segments(values: [Double], columns: Int, rows: Int, levels: [Double]) -> [(Double, Double, Double, Double)] {
        guard columns >= 2, rows >= 2, values.count == columns * rows, !levels.isEmpty else { return [] }
        var result: [(Double, Double, Double, Double)] = []
        values.withUnsafeBufferPointer { v in
            levels.withUnsafeBufferPointer { lv in
                // A corner lies above level j exactly when its band is above j.
                let bands = v.map { $0.isFinite ? band(of: $0, in: lv) : -1 }
                for row in 0..<(rows - 1) where !Interrupt.isRequested {  // an interrupted render is thrown away
                    for column in 0..<(columns - 1) {
                        let i = row * columns + column
                        let ba = bands[i], bb = bands[i + 1], bc = bands[i + columns + 1], bd = bands[i + columns]
                        let low = min(ba, bb, bc, bd), high = max(ba, bb, bc, bd)
                        guard low >= 0, low < high else { continue }
                        let a = v[i]            // bottom left
                        let b = v[i + 1]        // bottom right
                        let c = v[i + columns + 1]  // top right
                        let d = v[i + columns]  // top left
                        let x = Double(column), y = Double(row)
                        for j in low..<high {
                            let level = lv[j]
                            let index = (ba > j ? 1 : 0) | (bb > j ? 2 : 0) | (bc > j ? 4 : 0) | (bd > j ? 8 : 0)
                            func t(_ p: Double, _ q: Double) -> Double { (level - p) / (q - p) }
                            let bottom = (x + t(a, b), y)
                            let right = (x + 1, y + t(b, c))
                            let top = (x + t(d, c), y + 1)
                            let left = (x, y + t(a, d))
                            func add(_ p: (Double, Double), _ q: (Double, Double)) { result.append((p.0, p.1, q.0, q.1)) }
                            switch index {
                            case 1, 14: add(left, bottom)
                            case 2, 13: add(bottom, right)
                            case 3, 12: add(left, right)
                            case 4, 11: add(right, top)
                            case 6, 9: add(bottom, top)
                            case 7, 8: add(left, top)
                            case 5, 10:
                                let centreAbove = (a + b + c + d) / 4 > level
                                if (index == 5) == centreAbove {
                                    add(left, top); add(bottom, right)
                                } else {
                                    add(left, bottom); add(right, top)
                                }
                            default: break
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
