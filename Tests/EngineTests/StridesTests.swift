import XCTest
@testable import Engine

/// A row-major tensor stores no strides and derives them from its shape; a view keeps its own.
/// Both must be the row-major layout's (NumPy's, in elements) and agree with `strideAt`, the
/// one stride that matmul and indexing read without computing them all.
final class StridesTests: XCTestCase {
    func testStridesAreRowMajorOrTheViews() throws {
        let t = try Tensor.arange(0, 24, dtype: .float64).reshape([2, 3, 4])
        let m = try Tensor.arange(0, 12, dtype: .float64).reshape([3, 4])
        let cases: [(String, Tensor, [Int])] = [
            ("arange(24).reshape(2,3,4)", t, [12, 4, 1]),
            ("reshape(6,4)", try t.reshape([6, 4]), [4, 1]),
            ("zeros(0,3)", try Tensor.zeros([0, 3], dtype: .float32), [3, 1]),
            ("zeros(1,1,5)", try Tensor.zeros([1, 1, 5], dtype: .float32), [5, 5, 1]),
            ("zeros(2,0,3)", try Tensor.zeros([2, 0, 3], dtype: .float32), [3, 3, 1]),
            ("scalar", Tensor(1), []),
            ("m.T", m.T, [1, 4]),
            ("m[:, ::2]", try m[.all, .slice(start: nil, stop: nil, step: 2)], [4, 2]),
            ("t.permute(2,0,1)", try t.permute([2, 0, 1]), [1, 12, 4]),
            ("t[1]", try t[.int(1)], [4, 1]),
        ]
        for (name, x, expected) in cases {
            XCTAssertEqual(x.strides.array, expected, name)
            XCTAssertEqual((0..<x.ndim).map(x.strideAt), expected, "strideAt, \(name)")
        }
    }

    /// `rows(lo, hi)` is `x[lo:hi]`: the same view (values, shape, strides, storage) when no graph
    /// is recorded, the same op and gradient when one is, and the same errors' bounds.
    func testRowsAgreeWithSlicing() throws {
        let x = try Tensor(shape: [5, 3], scalars: (0..<15).map(Double.init))
        for (lo, hi) in [(0, 5), (1, 3), (4, 5), (2, 2)] {
            let fast = try x.rows(lo, hi), general = try x.index([.slice(start: lo, stop: hi, step: nil)])
            XCTAssertEqual(fast.scalars(), general.scalars())
            XCTAssertEqual(fast.shape, general.shape)
            XCTAssertEqual(fast.strides, general.strides)
            XCTAssertTrue(fast.sharesStorage(with: x))
        }
        let w = try Tensor(shape: [4, 2], scalars: (0..<8).map(Double.init))
        w.requiresGrad = true
        let r = try w.rows(1, 3)
        XCTAssertEqual(r.op, "index")
        try (r * 3).sum().backward()
        XCTAssertEqual(try XCTUnwrap(w.grad).scalars(), [0, 0, 3, 3, 3, 3, 0, 0])
        XCTAssertThrowsError(try x.rows(2, 6))
        XCTAssertThrowsError(try x.rows(3, 2))
        XCTAssertThrowsError(try Tensor(4).rows(0, 1))
    }
}
