import Interruption
/// Contour lines of a gridded field by marching squares: for each level, the line segments
/// where the bilinear surface crosses it, in grid coordinates (column, row as fractions).
///
/// Cells with a non-finite corner are skipped; saddle cells are resolved by the cell's mean.
enum MarchingSquares {
    static func segments(values: [Double], columns: Int, rows: Int, level: Double) -> [(Double, Double, Double, Double)] {
        guard columns >= 2, rows >= 2, values.count == columns * rows else { return [] }
        var result: [(Double, Double, Double, Double)] = []
        values.withUnsafeBufferPointer { v in
            for row in 0..<(rows - 1) where !Interrupt.isRequested {  // an interrupted render is thrown away
                for column in 0..<(columns - 1) {
                    let a = v[row * columns + column]            // bottom left
                    let b = v[row * columns + column + 1]        // bottom right
                    let c = v[(row + 1) * columns + column + 1]  // top right
                    let d = v[(row + 1) * columns + column]      // top left
                    guard a.isFinite, b.isFinite, c.isFinite, d.isFinite else { continue }
                    let index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0)
                    if index == 0 || index == 15 { continue }
                    let x = Double(column), y = Double(row)
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
        return result
    }
}
