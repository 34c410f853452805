@testable import Engine
import Interruption
import XCTest

/// `Trace` (define-then-run) against define-by-run: the same function called directly and
/// replayed from its trace must give the same values and gradients, bit for bit, since replay
/// runs the same ops in the same order.
final class TraceTests: XCTestCase {
    private let w = TraceTests.parameter([5, 4])
    private let b = TraceTests.parameter([5])

    private static func parameter(_ shape: [Int]) -> Tensor {
        let p = try! Tensor.randn(shape, dtype: .float64)
        try! p.setRequiresGrad(true)
        return p
    }

    /// Every recorded op family: fused linear, matmul, shape and view ops, a gather, a cat,
    /// elementwise ops with broadcasting and scalars, reductions, and both fused losses.
    private func model(_ x: Tensor, _ target: Tensor) throws -> Tensor {
        let h = try Tensor.linear(x, weight: w, bias: b, activation: .tanh)             // (3, 5)
        let g = try h.matmul(h.transpose()).sigmoid()                                     // (3, 3)
        let picked = try h.index([.tensor(Tensor(shape: [2], integers: [2, 0])), .slice(start: 1, stop: nil, step: 2)])
        let joined = try Tensor.cat([g, try picked.transpose().reshape([2, 2]).sum(axis: 1, keepdims: true).broadcast(to: [2, 3])], axis: 0)
        let e = try (joined.exp() + 1).log().sqrt().pow(1.5).clamp(min: 0.1, max: 4).maximum(joined.abs())
        let reduced = try e.sum(axis: 0) + e.max(axis: 1).sum() - e.min(axis: 0) * 0.5
        let mse = try Tensor.mseLoss(reduced, target[.slice(start: 0, stop: 3, step: nil)])
        let ce = try Tensor.crossEntropy(joined.permute([1, 0]), Tensor(shape: [3], integers: [1, 0, 4]))
        return try mse + ce / 2
    }

    func testReplayEqualsDefineByRunInValueAndGradient() throws {
        Random.seed(7)
        let (x0, t0) = (try Tensor.randn([3, 4], dtype: .float64), try Tensor.randn([4], dtype: .float64))
        let trace = try Trace(examples: [x0, t0]) { [try model($0[0], $0[1])] }
        XCTAssertGreaterThan(trace.opCount, 20)
        for _ in 0..<3 {
            let (x, t) = (try Tensor.randn([3, 4], dtype: .float64), try Tensor.randn([4], dtype: .float64))
            try x.setRequiresGrad(true)
            w.zeroGrad()
            let direct = try model(x, t)
            try direct.backward()
            let (gx, gw) = (try XCTUnwrap(x.grad).scalars(), try XCTUnwrap(w.grad).scalars())
            x.zeroGrad()
            w.zeroGrad()
            let replayed = try trace.replay([x, t])[0]
            XCTAssertEqual(try replayed.item(), try direct.item())
            try replayed.backward()
            XCTAssertEqual(try XCTUnwrap(x.grad).scalars(), gx)
            XCTAssertEqual(try XCTUnwrap(w.grad).scalars(), gw)
        }
    }

    func testParametersAreReadAtReplayNotBakedIn() throws {
        let trace = try Trace(examples: [try Tensor.ones([2, 4], dtype: .float64)]) {
            [try Tensor.linear($0[0], weight: w, bias: b)]
        }
        let x = try Tensor.randn([2, 4], dtype: .float64)
        try Autograd.noGrad { try w.scale_(0.5) }
        XCTAssertEqual(try trace.replay([x])[0].scalars(), try Tensor.linear(x, weight: w, bias: b).scalars())
    }

    func testReadingATracedValueIsADataDependenceError() throws {
        let x = try Tensor.randn([3])
        let branches: [(String, (Tensor) throws -> Tensor)] = [
            ("item", { t in try t.sum().item() > 0 ? t * 2 : t }),
            ("comparison", { t in try t.gt(t.scalarLike(0)) * t }),
            ("argmax", { t in try t.argmax().cast(.float32) }),
            ("a parameter's value", { _ in try Tensor(self.w.sum().item()) }),
        ]
        for (what, f) in branches {
            XCTAssertThrowsError(try Trace(examples: [x]) { [try f($0[0])] }, what) { e in
                XCTAssertEqual((e as? EngineError)?.kind, "TraceError", what)
                XCTAssertTrue("\(e)".contains("static graph records one path"), "\(e)")
            }
        }
        // Outside a trace the same code runs.
        XCTAssertNoThrow(try branches[0].1(x))
    }

    func testShapesAndTypesAreFixedByTheExamples() throws {
        let trace = try Trace(examples: [try Tensor.ones([2, 3])]) { [try $0[0].relu()] }
        XCTAssertThrowsError(try trace.replay([try Tensor.ones([4, 3])])) { e in
            XCTAssertTrue("\(e)".contains("recorded for float32 (2, 3)"), "\(e)")
        }
        XCTAssertThrowsError(try trace.replay([])) { e in XCTAssertEqual((e as? EngineError)?.kind, "TypeError") }
        XCTAssertThrowsError(try Trace(examples: [try Tensor(shape: [2], integers: [1, 2])]) { $0 }) { e in
            XCTAssertTrue("\(e)".contains("a trace's inputs are float tensors"), "\(e)")
        }
    }

    func testTracingInsideNoGradStillRecordsAndLeavesTheModeAsItWas() throws {
        try Autograd.noGrad {
            let trace = try Trace(examples: [try Tensor.ones([2])]) { [try $0[0].exp()] }
            XCTAssertEqual(trace.opNames, ["exp"])
            XCTAssertFalse(Autograd.isEnabled)
        }
        XCTAssertTrue(Autograd.isEnabled)
    }
}
