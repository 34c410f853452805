import XCTest
@testable import Engine

/// `Dims` must behave as the `[Int]` it replaced at every rank, inline (up to 4) and beyond.
final class DimsTests: XCTestCase {
    func testDimsActLikeTheArrayAtEveryRank() {
        for rank in 0...7 {
            let array = (0..<rank).map { $0 * 3 + 2 }
            var dims = Dims(array)
            XCTAssertEqual(dims.count, rank)
            XCTAssertEqual(Array(dims), array, "rank \(rank)")
            XCTAssertEqual(dims.description, array.description)
            XCTAssertEqual(dims, Dims(count: rank) { $0 * 3 + 2 })
            XCTAssertEqual(dims.product, array.reduce(1, *))
            var copy = array
            if rank > 0 {
                dims[rank - 1] = 99
                copy[rank - 1] = 99
                XCTAssertEqual(Array(dims), copy, "set, rank \(rank)")
            }
            dims.append(7)
            copy.append(7)
            XCTAssertEqual(Array(dims), copy, "append to rank \(rank)")
            XCTAssertEqual(dims.removeLast(), 7)
            copy.removeLast()
            XCTAssertEqual(Array(dims), copy, "removeLast back to rank \(rank)")
            dims.insert(5, at: 0)
            copy.insert(5, at: 0)
            XCTAssertEqual(Array(dims), copy, "insert into rank \(rank)")
            dims.replaceSubrange(0..<1, with: [8, 9])
            copy.replaceSubrange(0..<1, with: [8, 9])
            XCTAssertEqual(Array(dims), copy, "replaceSubrange in rank \(rank)")
            XCTAssertEqual(Set([dims, Dims(copy)]).count, 1, "equal dims hash alike")
        }
        XCTAssertNotEqual(Dims([1, 2]), Dims([1, 2, 0]), "a trailing zero is a dimension")
        XCTAssertEqual(Dims(), [])
    }

    /// Tensors of rank above the inline limit: shape, strides, views and a reduction.
    func testTensorsBeyondTheInlineRank() throws {
        let t = try Tensor.arange(0, 720, dtype: .float64).reshape([1, 2, 3, 4, 5, 6])
        XCTAssertEqual(Array(t.shape), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(Array(t.strides), [720, 360, 120, 30, 6, 1])
        let p = try t.permute([5, 4, 3, 2, 1, 0])
        XCTAssertEqual(Array(p.strides), [1, 6, 30, 120, 360, 720])
        XCTAssertEqual(try p.sum().item(), 719 * 720 / 2)
        XCTAssertEqual(try t.sum(axis: 5).shape, [1, 2, 3, 4, 5])
        XCTAssertEqual(try t.sum(axis: 5)[.int(0), .int(1), .int(2), .int(3), .int(4)].item(), Double((714...719).reduce(0, +)))
    }
}
