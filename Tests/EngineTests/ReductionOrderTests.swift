import XCTest
@testable import Engine

/// A sum adds in row-major order from zero, whichever loop `Kernels.reduce` picks, so a total is
/// the same bits on every machine and in every build.
final class ReductionOrderTests: XCTestCase {
    /// Values whose running sums round at every step: thirds, with large and tiny ones mixed in.
    private func values(_ n: Int) -> [Double] {
        (0..<n).map { i -> Double in
            if i % 11 == 10 { return 1e7 }
            if i % 13 == 12 { return -3e-8 }
            return Double(i + 1) / 3
        }
    }

    func testAFullSumAddsInRowMajorOrder() throws {
        for shape in [[1], [7], [640], [64, 10], [10, 64], [2, 3, 4], [3, 1, 5]] {
            let v = values(shape.reduce(1, *))
            let f = try Tensor(shape: shape, scalars: v).sum()
            let serialF = v.reduce(Float(0)) { $0 + Float($1) }
            XCTAssertEqual(try f.item(), Double(serialF), "float32 \(shape)")
            XCTAssertEqual(Float(try f.item()).bitPattern, serialF.bitPattern, "float32 \(shape)")
            let d = try Tensor(shape: shape, scalars: v, dtype: .float64).sum()
            XCTAssertEqual(try d.item().bitPattern, v.reduce(0, +).bitPattern, "float64 \(shape)")
            let ints = (0..<shape.reduce(1, *)).map { Int64($0 * 7919 % 1000) - 500 }
            let i = try Tensor(shape: shape, integers: ints).sum()
            XCTAssertEqual(try i.item(), Double(ints.reduce(0, +)), "int64 \(shape)")
        }
    }

    /// Reducing the leading axis keeps one running sum per column, each in row order.
    func testAColumnSumAddsEachColumnInRowOrder() throws {
        for (rows, n) in [(64, 10), (5, 1), (3, 17)] {
            let v = values(rows * n)
            let sums = try Tensor(shape: [rows, n], scalars: v).sum(axis: 0).scalars()
            for j in 0..<n {
                let serial = (0..<rows).reduce(Float(0)) { $0 + Float(v[$1 * n + j]) }
                XCTAssertEqual(Float(sums[j]).bitPattern, serial.bitPattern, "(\(rows), \(n)) column \(j)")
            }
        }
    }

    /// A gradient summed down to a broadcast operand's shape (a bias's: (N, n) into (n), or a
    /// (1, n) or (m, 1) operand's) is each output's elements added in row order, contiguous or not.
    func testASumToAddsInRowOrderIntoEveryShape() throws {
        let (rows, n) = (6, 5)
        let v = values(rows * n)
        let g = try Tensor(shape: [rows, n], scalars: v)
        let column = { (j: Int) in (0..<rows).reduce(Float(0)) { $0 + Float(v[$1 * n + j]) } }
        let row = { (i: Int) in (0..<n).reduce(Float(0)) { $0 + Float(v[i * n + $1]) } }
        let cases: [([Int], [Float])] = [([n], (0..<n).map(column)), ([1, n], (0..<n).map(column)),
                                         ([rows, 1], (0..<rows).map(row)), ([1], [v.reduce(Float(0)) { $0 + Float($1) }])]
        for (shape, expected) in cases {
            for (source, name) in [(g, "contiguous"), (try g.T.contiguous().T, "transposed")] {
                let sums = try Ops.sumTo(source, Dims(shape))
                XCTAssertEqual(sums.shape.array, shape, "\(name) into \(shape)")
                XCTAssertEqual(sums.scalars().map { Float($0).bitPattern }, expected.map(\.bitPattern), "\(name) into \(shape)")
            }
        }
    }
}
