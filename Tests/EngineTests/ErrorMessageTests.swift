import Engine
import Interruption
import XCTest

/// Errors are values with the op, both shapes or both dtypes, and a Python-style kind.
final class ErrorMessageTests: XCTestCase {
    private func assertError(_ kind: String, _ message: String, file: StaticString = #filePath, line: UInt = #line,
                             _ body: () throws -> Any) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? EngineError else { return XCTFail("not an EngineError: \(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, file: file, line: line)
            XCTAssertEqual(e.message, message, file: file, line: line)
        }
    }

    /// Random reals cannot fill an integer tensor: PyTorch refuses, and truncation gave zeros.
    func testRandomRealsRefuseAnIntegerDtype() throws {
        assertError("ValueError", "rand: dtype int64 cannot hold its values, which are real numbers; use float32 or float64 (randint gives integers)") {
            try Tensor.rand([3], dtype: .int64)
        }
        assertError("ValueError", "randn: dtype int64 cannot hold its values, which are real numbers; use float32 or float64 (randint gives integers)") {
            try Tensor.randn([3], dtype: .int64)
        }
        XCTAssertEqual(try Tensor.randn([3], dtype: .float64).dtype, .float64)
    }

    func testShapeAndDtypeErrorsNameBothSides() throws {
        let a = try Tensor.zeros([64, 1000]), b = try Tensor.zeros([100, 10])
        assertError("ValueError", "matmul: (64, 1000) @ (100, 10): inner dimensions 1000 and 100 differ") { try a.matmul(b) }
        assertError("TypeError", "matmul: dtypes float32 and float64 differ") { try a.matmul(Tensor.zeros([1000, 2], dtype: .float64)) }
        assertError("ValueError", "add: shapes (2, 3) and (4,) cannot be broadcast together") { try Tensor.zeros([2, 3]) + Tensor.zeros([4]) }
        assertError("ValueError", "reshape: cannot reshape a tensor of shape (2, 3) (6 elements) into (4, 2)") { try Tensor.zeros([2, 3]).reshape([4, 2]) }
        assertError("ValueError", "mse_loss: prediction (3,) and target (3, 1) shapes differ") {
            try Tensor.mseLoss(Tensor.zeros([3]), Tensor.zeros([3, 1]))
        }
        assertError("ValueError", "tensor: 5 values cannot fill shape (2, 3)") { try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5]) }
    }

    func testIndexErrors() throws {
        let m = try Tensor.zeros([3, 4])
        assertError("IndexError", "index 3 is out of bounds for dimension 0 with size 3") { try m[.int(3)] }
        assertError("IndexError", "too many indices for tensor of dimension 2") { try m[.int(0), .int(0), .int(0)] }
        assertError("IndexError", "sum: axis 2 is out of range for a tensor with 2 dimensions") { try m.sum(axis: 2) }
        assertError("IndexError", "cross_entropy: target 5 in row 1 is not a class index: there are 4 classes (0 to 3)") {
            try Tensor.crossEntropy(m, Tensor(shape: [3], scalars: [0, 5, 1], dtype: .int64))
        }
        assertError("ValueError", "item: only one-element tensors can be converted to a number, got shape (3, 4)") { try m.item() }
    }

    func testHostileInputsThrowInsteadOfTrapping() throws {
        XCTAssertThrowsError(try Tensor.zeros([1 << 40, 1 << 40]))
        XCTAssertThrowsError(try Tensor.arange(0, 1e300))
        XCTAssertThrowsError(try Tensor.linspace(0, 1, Int.max))
        XCTAssertThrowsError(try Tensor.randint(Int.min, Int.max, [2]))
        XCTAssertThrowsError(try Tensor(3).sum(axis: 0))
        XCTAssertThrowsError(try Tensor.zeros([4]).reshape([1 << 62, 4, -1]))
        XCTAssertThrowsError(try Tensor.zeros([4])[.tensor(Tensor(shape: [1], integers: [.max]))])
        XCTAssertEqual(try Tensor.arange(0, 5)[.slice(start: 1, stop: nil, step: Int.max)].scalars(), [1])
        let big = try Tensor(shape: [2], scalars: [9e18, -9e18], dtype: .int64)
        XCTAssertEqual(try (big * big).dtype, .int64, "integer overflow wraps instead of trapping")
        XCTAssertEqual(try (big - big).scalars(), [0, 0])
        XCTAssertEqual(try Tensor(shape: [1], scalars: [7], dtype: .int64).pow(Tensor(shape: [1], scalars: [0], dtype: .int64)).scalars(), [1])
    }

    func testMemoryLimitIsCheckedBeforeAllocating() throws {
        let saved = Memory.limitBytes
        defer { Memory.limitBytes = saved }
        Memory.limitBytes = Memory.liveBytes + 1_000_000
        XCTAssertThrowsError(try Tensor.zeros([1000, 1000])) { error in
            let e = error as? EngineError
            XCTAssertEqual(e?.kind, "MemoryError")
            XCTAssertTrue(e?.message.hasPrefix("cannot allocate 1000000 elements of float32: 4 MB is more than the memory limit of") == true, "\(error)")
        }
        XCTAssertNoThrow(try Tensor.zeros([10, 100]))
    }
}
