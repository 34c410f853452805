import Engine
import Interruption
import XCTest

/// The tape: accumulation, retain_graph, no_grad, grad(), in-place rules and deep graphs.
final class AutogradTests: XCTestCase {
    private func leaf(_ v: [Double], _ shape: [Int]? = nil) throws -> Tensor {
        let t = try Tensor(shape: shape ?? [v.count], scalars: v, dtype: .float64)
        try t.setRequiresGrad(true)
        return t
    }

    func testGradientsAccumulateAcrossBackwardCalls() throws {
        let x = try leaf([1, 2, 3])
        try (x * x).sum().backward()
        try (x * 3).sum().backward()
        XCTAssertEqual(x.grad?.scalars(), [5, 7, 9])
        x.zeroGrad()
        XCTAssertNil(x.grad)
    }

    func testLectureGraphExample() throws {
        // a = x * y; b = a + z; c = sum(b): dc/dx = y, dc/dy = x, dc/dz = 1.
        let (x, y, z) = (try leaf([1, -2, 3, 4], [2, 2]), try leaf([5, 6, -7, 8], [2, 2]), try leaf([0, 1, 2, 3], [2, 2]))
        try (x * y + z).sum().backward()
        XCTAssertEqual(x.grad?.scalars(), y.scalars())
        XCTAssertEqual(y.grad?.scalars(), x.scalars())
        XCTAssertEqual(z.grad?.scalars(), [1, 1, 1, 1])
    }

    func testSharedSubexpressionGetsBothContributions() throws {
        let x = try leaf([2])
        let y = try x * x
        try (y + y * x).sum().backward()   // x² + x³ → 2x + 3x² = 16
        XCTAssertEqual(x.grad?.scalars(), [16])
    }

    func testSecondBackwardNeedsRetainGraph() throws {
        let x = try leaf([1, 2])
        let loss = try (x * x).sum()
        try loss.backward(retainGraph: true)
        try loss.backward()
        XCTAssertEqual(x.grad?.scalars(), [4, 8])
        XCTAssertThrowsError(try loss.backward()) { error in
            XCTAssertEqual((error as? EngineError)?.kind, "RuntimeError")
            XCTAssertTrue("\(error)".contains("second time"), "\(error)")
        }
    }

    func testBackwardWithExplicitGradientAndNonScalarError() throws {
        let x = try leaf([1, 2, 3])
        let y = try x * 2
        XCTAssertThrowsError(try y.backward()) { error in
            XCTAssertEqual("\(error)", "RuntimeError: backward: grad can be implicitly created only for scalar outputs, got shape (3,); pass grad=")
        }
        try y.backward(grad: Tensor(shape: [3], scalars: [1, 10, 100], dtype: .float64))
        XCTAssertEqual(x.grad?.scalars(), [2, 20, 200])
    }

    func testNoGradRecordsNothingAndDetachCutsTheGraph() throws {
        let x = try leaf([1, 2])
        let y = try Autograd.noGrad { try x * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue(Autograd.isEnabled)
        let z = try x * 2
        XCTAssertTrue(z.requiresGrad)
        XCTAssertEqual(z.op, "mul")
        XCTAssertFalse(z.detach().requiresGrad)
        XCTAssertTrue(z.detach().isLeaf)
    }

    func testGradFunctionReturnsGradientsWithoutTouchingDotGrad() throws {
        let x = try leaf([3])
        let y = try x.pow(3)
        let g = try Autograd.grad(y.sum(), [x])
        XCTAssertEqual(g[0].scalars(), [27])
        XCTAssertNil(x.grad)
    }

    func testGradWithRespectToAnIntermediateTensor() throws {
        let x = try leaf([1, 2])
        let h = try x * 3
        let g = try Autograd.grad((h * h).sum(), [h, x])
        XCTAssertEqual(g[0].scalars(), [6, 12])
        XCTAssertEqual(g[1].scalars(), [18, 36])
    }

    func testInterruptStopsBackwardWithKeyboardInterrupt() throws {
        let x = try leaf([1])
        let loss = try x.exp().sum()
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try loss.backward()) { error in
            XCTAssertEqual((error as? EngineError)?.kind, "KeyboardInterrupt")
        }
        XCTAssertFalse(Interrupt.isRequested, "the request was taken")
    }

    func testInPlaceUpdateOfLeafRequiringGradIsAnErrorOutsideNoGrad() throws {
        let w = try leaf([1, 2])
        XCTAssertThrowsError(try w.addScaled_(Tensor.ones([2], dtype: .float64), alpha: -0.1)) { error in
            XCTAssertEqual("\(error)", "RuntimeError: add_: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in no_grad")
        }
        XCTAssertThrowsError(try w.setIndex([.int(0)], to: Tensor(5, dtype: .float64)))
        try Autograd.noGrad {
            try w.addScaled_(Tensor.ones([2], dtype: .float64), alpha: -0.5)
            try w.setIndex([.int(1)], to: Tensor(7, dtype: .float64))
        }
        XCTAssertEqual(w.scalars(), [0.5, 7])
    }

    /// `p -= c * g` in one pass equals the two ops (product, then in-place difference) bit for
    /// bit, in both float types, for `+=` (a negative scale), and for `p -= c * p`; and it
    /// declines, changing nothing, where the two ops would broadcast, convert or record.
    func testSubtractScaledIsTheProductThenTheDifference() throws {
        Random.seed(11)
        for dtype in [DType.float32, .float64] {
            for scale in [0.37, -1e-3, 3.0e-5] {
                // 1,003 elements: whole 16-lane vectors and a tail.
                let p = try Tensor.randn([17, 59], dtype: dtype), g = try Tensor.randn([17, 59], dtype: dtype)
                let expected = try p + 0
                try expected.addScaled_(try g * scale, alpha: -1)
                XCTAssertNotEqual(p.scalars(), expected.scalars())
                XCTAssertTrue(try p.subtractScaled_(g, scale))
                XCTAssertEqual(p.scalars(), expected.scalars(), "\(dtype) \(scale)")
            }
            let p = try Tensor.randn([40], dtype: dtype)
            let expected = try p - p * 0.25
            XCTAssertTrue(try p.subtractScaled_(p, 0.25))
            XCTAssertEqual(p.scalars(), expected.scalars())
        }
        let p = try Tensor.randn([4, 3]), before = p.scalars()
        XCTAssertFalse(try p.subtractScaled_(try Tensor.randn([3]), 0.5), "broadcast")
        XCTAssertFalse(try p.subtractScaled_(try Tensor.randn([3, 4]).transpose(), 0.5), "not contiguous")
        XCTAssertFalse(try p.subtractScaled_(try Tensor.randn([4, 3], dtype: .float64), 0.5), "another dtype")
        XCTAssertFalse(try Tensor.randn([2], dtype: .float64).subtractScaled_(try leaf([1, 2]), 0.5), "records")
        let ints = try Tensor.arange(0, 12, dtype: .int64).reshape([4, 3])
        XCTAssertFalse(try ints.subtractScaled_(ints, 2), "integers")
        XCTAssertEqual(p.scalars(), before)
        let w = try leaf([1, 2])
        XCTAssertThrowsError(try w.subtractScaled_(Tensor.ones([2], dtype: .float64), 0.1)) { error in
            XCTAssertEqual("\(error)", "RuntimeError: add_: a leaf tensor that requires grad is being used in an in-place operation; wrap the update in no_grad")
        }
    }

    func testIntegerTensorsCannotRequireGrad() throws {
        let t = try Tensor.arange(0, 3, dtype: .int64)
        XCTAssertThrowsError(try t.setRequiresGrad(true)) { error in
            XCTAssertEqual((error as? EngineError)?.kind, "RuntimeError")
        }
    }

    func testChainOf200000OpsRunsBackwardAndIsReleasedWithoutOverflow() throws {
        let x = try leaf([1])
        var y = x
        for _ in 0..<200_000 { y = try y.relu() }
        try y.backward()
        XCTAssertEqual(x.grad?.scalars(), [1])
        // A retained graph is torn down iteratively when its last tensor goes away.
        var z: Tensor? = x
        for _ in 0..<200_000 { z = try z!.abs() }
        XCTAssertEqual(z?.op, "abs")
        z = nil
        XCTAssertNil(z)
    }
}
