import XCTest
import TestSupport

/// `trace(f, *examples)` as a user calls it (the engine's replay is tested in EngineTests).
final class BindingsTraceTests: XCTestCase {
    private func harness() -> Harness {
        let h = Harness()
        h.eval("""
            seed(0)
            net = Sequential(Linear(4, 8), Tanh(), Linear(8, 2))
            def f(x, y):
                out = net(x)
                return mse(out, y), out.sum()
            x, y = randn(5, 4), randn(5, 2)
            fast = trace(f, x, y)
            """)
        return h
    }

    func testAReplayEqualsTheCallAndFollowsTrainingUpdates() {
        let h = harness()
        XCTAssertEqual(h.eval("fast"), "TracedFunction(4 ops on float32 (5, 4), float32 (5, 2))")
        // Sequential fuses Linear + Tanh into one op, named as PyTorch names its grad_fn.
        XCTAssertEqual(h.eval("fast.ops"), "['tanh', 'linear', 'mse_loss', 'sum']")
        h.eval("x2, y2 = randn(5, 4), randn(5, 2)")
        XCTAssertEqual(h.eval("[(a - b).abs().item() for a, b in zip(fast(x2, y2), f(x2, y2))]"), "[0.0, 0.0]")
        // Parameters are read at replay: after an optimizer step the replay sees the new weights.
        h.eval("""
            opt = SGD(net.parameters(), lr=0.1)
            loss, _ = fast(x2, y2)
            loss.backward()
            opt.step()
            """)
        XCTAssertEqual(h.eval("(fast(x2, y2)[0] - f(x2, y2)[0]).abs().item()"), "0.0")
        XCTAssertEqual(h.eval("fast(x2, y2)[0].item() < loss.item()"), "True")
    }

    func testDataDependentControlFlowIsNamedWhereItHappens() {
        let h = Harness()
        h.run("""
            def g(v):
                if v.sum() > 0:
                    return v * 2
                return v
            trace(g, ones(3))
            """)
        XCTAssertEqual(h.error?.name, "TraceError")
        XCTAssertTrue(h.error?.value.contains("a static graph records one path") ?? false, h.error?.value ?? "")
        XCTAssertTrue(h.error?.traceback.contains { $0.contains("line 2") && $0.contains("in g") } ?? false,
                      "\(h.error?.traceback ?? [])")
    }

    func testMisuseGetsClearErrors() {
        let h = harness()
        h.run("fast(randn(6, 4), y)")
        XCTAssertEqual(h.error?.name, "TraceError")
        XCTAssertTrue(h.error?.value.contains("trace again with an example of this shape") ?? false, h.error?.value ?? "")
        h.run("fast(x=x, y=y)")
        XCTAssertEqual(h.error?.name, "TypeError")
        h.run("trace(lambda v: 3, ones(2))")
        XCTAssertEqual(h.error?.value, "trace(): f must return a tensor or a tuple of tensors, not int")
    }
}
