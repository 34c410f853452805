import XCTest
@testable import Engine

/// `SmallArray` must hold what an array holds at every size, inline (three) and beyond, and must
/// not keep a second reference to an element it has moved or popped: `Graph.release` relies on
/// seeing a tensor as uniquely referenced.
final class SmallArrayTests: XCTestCase {
    func testItHoldsWhatAnArrayHolds() {
        for n in 0...7 {
            var small = SmallArray<Int>()
            for i in 0..<n { small.append(i * 10) }
            XCTAssertEqual(Array(small), (0..<n).map { $0 * 10 }, "\(n) elements")
            var popped: [Int] = []
            while let x = small.popLast() { popped.append(x) }
            XCTAssertEqual(popped, (0..<n).reversed().map { $0 * 10 }, "popped from \(n)")
            XCTAssertEqual(small.count, 0)
        }
        let literal: SmallArray<String?> = ["a", nil, "c", "d"]
        XCTAssertEqual(Array(literal), ["a", nil, "c", "d"])
    }

    func testItKeepsNoExtraReference() {
        for n in 1...6 {
            var small = SmallArray<Tensor>()
            for _ in 0..<n { small.append(Tensor(1)) }
            while var t = small.popLast() {
                XCTAssertTrue(isKnownUniquelyReferenced(&t), "an element popped from \(n) is the only reference")
            }
        }
    }

    /// A graph whose nodes have more inputs than fit inline (a cat of five) is released without
    /// leaving its inputs alive.
    func testAGraphWithManyInputsIsReleased() throws {
        weak var input: Tensor?
        do {
            let parts = try (0..<5).map { _ -> Tensor in
                let leaf = try Tensor.ones([2], dtype: .float64)
                leaf.requiresGrad = true
                return try leaf * 2
            }
            input = parts[0]
            let joined = try Tensor.cat(parts, axis: 0)
            XCTAssertEqual(joined.inputs.count, 5)
            XCTAssertNotNil(input)
        }
        Tensor.releaseRecycled()
        XCTAssertNil(input, "the cat's inputs die with it")
    }
}
