import Foundation
import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Figures bound into the language: each gives a PNG at 2x with its logical size.
final class BindingsFigureTests: XCTestCase {
    /// The PNG of the cell's result, checked to be `width` x `height` points at 2x.
    @discardableResult
    private func png(_ h: Harness, _ code: String, width: Int, height: Int, file: StaticString = #filePath, line: UInt = #line) -> Data? {
        h.bundles.removeAll()
        _ = h.eval(code, file: file, line: line)
        guard let bundle = h.bundles.last, let data = bundle.png else {
            XCTFail("\(code) showed no PNG", file: file, line: line)
            return nil
        }
        XCTAssertEqual(bundle.metadata["image/png"], ["width": width, "height": height], file: file, line: line)
        guard let size = BindingsSupport.pngSize(data) else { XCTFail("not a PNG", file: file, line: line); return nil }
        XCTAssertEqual(size.0, 2 * width, file: file, line: line)
        XCTAssertEqual(size.1, 2 * height, file: file, line: line)
        return data
    }

    func testPlotOfARun() {
        let h = Harness()
        h.eval("seed(0)\nrun = fit(MLP([4, 8, 3]), iris(), epochs=5, validation=0.2)")
        png(h, "plot(run)", width: 640, height: 400)
        png(h, "plot(run, logy=True, smooth=0.8, title=\"iris\", width=500, height=300)", width: 500, height: 300)
        XCTAssertTrue(h.eval("plot(run, title=\"iris\")")?.hasPrefix("<Figure 640x400 'iris'") ?? false)
    }

    func testPlotOfSeries() {
        let h = Harness()
        png(h, "plot([3, 1, 2])", width: 640, height: 400)
        png(h, "plot(linspace(0, 1, 5), tensor([1.0, 2, 3, 4, 5]), xlabel=\"t\")", width: 640, height: 400)
        png(h, "plot({\"a\": [1, 2], \"b\": [2, 1]})", width: 640, height: 400)
        png(h, "plot(randn(20, 3))", width: 640, height: 400)
        XCTAssertEqual(h.failure("plot([1, 2], [1, 2, 3])").name, "ValueError")
        XCTAssertEqual(h.failure("plot([1, 2], width=4)").name, "ValueError")
        XCTAssertEqual(h.failure("plot(\"abc\")").name, "TypeError")
    }

    func testContourWithTrajectories() {
        let h = Harness()
        h.eval("a = minimize(rosenbrock, optimizer=Adam(lr=0.05), steps=200)\nb = minimize(rosenbrock, optimizer=Momentum(lr=0.001), steps=200)")
        png(h, "contour(rosenbrock, paths=[a, b])", width: 640, height: 480)
        png(h, "contour(lambda x, y: x * x + 3 * y * y, x=(-2, 2), y=(-1, 1), paths={\"bowl\": minimize(lambda x, y: x * x + 3 * y * y, start=[1.5, 0.8], optimizer=SGD(lr=0.1), steps=20)})",
            width: 640, height: 480)
        XCTAssertEqual(h.failure("contour(rosenbrock, x=(1, 0))").name, "ValueError")
    }

    func testHeatmapScatterBoundaryGraphGrid() {
        let h = Harness()
        png(h, "heatmap([[1, 2, 3], [4, 5, 6]], row_labels=[\"a\", \"b\"], col_labels=[1, 2, 3])", width: 640, height: 480)
        XCTAssertEqual(h.failure("heatmap([1, 2, 3])").name, "ValueError")
        png(h, "scatter(iris())", width: 640, height: 480)
        png(h, "scatter(tensor([1.0, 2.0]), tensor([3.0, 4.0]))", width: 640, height: 480)
        h.eval("seed(0)\ndata = blobs(n=60, centers=2, spread=0.5)\nnet = MLP([2, 8, 2])\nfit(net, data, epochs=20, batch_size=None, optimizer=Adam(lr=0.1))")
        png(h, "boundary(net, data)", width: 640, height: 480)
        XCTAssertEqual(h.failure("boundary(net, iris())").name, "ValueError")
        h.eval("x = tensor([[1.0, 2.0]])\nw = tensor([[0.5], [0.25]], requires_grad=True)\nloss = relu(x @ w).sum()")
        h.bundles.removeAll()
        h.eval("graph(loss)")
        XCTAssertNotNil(h.bundles.last?.png)
        h.eval("f1 = plot([1, 2])\nf2 = plot([2, 1])\ng = grid([f1, f2, f1], cols=2)")
        XCTAssertEqual(h.eval("g.width"), "1280")
        XCTAssertEqual(h.failure("grid([1, 2])").name, "TypeError")
    }

    /// A figure made by an expression statement that is not the cell's last shows where it stands.
    func testFigureShowsWhereItStands() {
        let h = Harness()
        h.outputs.removeAll()
        h.eval("plot([1, 2, 3])\nprint(\"after\")\nx = 1")
        guard h.outputs.count == 2, case .display(let b, _) = h.outputs[0], case .stream("stdout", "after\n") = h.outputs[1] else {
            return XCTFail("\(h.outputs)")
        }
        XCTAssertNotNil(b.png)
        h.outputs.removeAll()
        h.eval("fig = plot([1, 2, 3])")
        XCTAssertTrue(h.outputs.isEmpty)
    }

    /// Renders the figures of a short lesson; with DESCENT_SAMPLES=dir they stay there for a look.
    func testSampleFiguresRender() throws {
        let h = Harness()
        let dir = try ProcessInfo.processInfo.environment["DESCENT_SAMPLES"] ?? BindingsSupport.scratch().path
        h.eval("""
        seed(0)
        train, val = split(spiral(n=80, classes=3), [0.8, 0.2])
        net = MLP([2, 32, 32, 3])
        runs = compare({"SGD": SGD(lr=0.3), "Momentum": Momentum(lr=0.05), "Adam": Adam(lr=0.01)}, model=net, data=train, validation=val, epochs=30, batch_size=16)
        save(plot(runs, title="spiral: three optimizers", smooth=0.6), "\(dir)/compare.png")
        paths = {"Adam": minimize(rosenbrock, optimizer=Adam(lr=0.05), steps=400), "Momentum": minimize(rosenbrock, optimizer=Momentum(lr=0.0005), steps=400)}
        save(contour(rosenbrock, paths=paths), "\(dir)/contour.png")
        save(boundary(runs["Adam"].model, train, title="Adam's decision regions"), "\(dir)/boundary.png")
        h1 = relu(tensor([[0.2, 0.5]]) @ net[0].weight.T + net[0].bias)
        save(graph(cross_entropy(net(tensor([[0.2, 0.5]])), tensor([1]))), "\(dir)/graph.png")
        save(plot(runs["Momentum"], title="one run: loss per step, validation dashed"), "\(dir)/run.png")
        save(heatmap([[0.5, 0.2, 0.9], [0.1, 0.3, 0.4]], row_labels=["lr 0.1", "lr 0.01"], col_labels=[8, 16, 32], xlabel="hidden", ylabel="lr"), "\(dir)/heatmap.svg")
        """)
        for name in ["compare.png", "contour.png", "boundary.png", "graph.png", "run.png"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))
            XCTAssertNotNil(BindingsSupport.pngSize(data), name)
        }
        let svg = try String(contentsOfFile: "\(dir)/heatmap.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertEqual(h.failure("save(plot([1]), \"\(dir)/x.gif\")").name, "ValueError")
    }

    func testDiagramDrawsNamedNodesAndLabelledEdges() {
        let h = Harness()
        png(h, "diagram([('x1', 'h1', 'w1 = 0.1'), ('x2', 'h1'), ('h1', 'y')], nodes={'x1': '0.2'}, width=400, height=300)",
            width: 400, height: 300)
        h.run("diagram([('x1',)])")
        XCTAssertEqual(h.error?.value, "diagram(): edge 0 must be (from, to) or (from, to, label), got 1 items")
        h.run("diagram([('a', 'b')], nodes=['a'])")
        XCTAssertEqual(h.error?.name, "TypeError")
        h.run("diagram([('a', 'b'), ('b', 'a')])")
        XCTAssertNotNil(h.error)
    }

    /// The labels of the graph figure stored in `name`.
    private func graphLabels(_ h: Harness, _ name: String) -> [String] {
        guard case .object(let o)? = h.session.interpreter.globals.lookup(name), let fig = o as? FigureObject,
              case .graph(let diagram) = fig.figure.content else { return [] }
        return diagram.nodes.map { $0.label + ($0.detail.map { " " + $0 } ?? "") }
    }

    func testGraphHidesPlumbingAndShowsValuesWhenAsked() {
        let h = Harness()
        h.eval("""
            x = tensor([[0.2, 0.5]])
            w = tensor([[0.5], [0.25]], requires_grad=True)
            loss = (x @ w).reshape(1).sum()
            plain = graph(loss)
            piped = graph(loss, plumbing=True)
            loss.backward(retain_graph=True)
            valued = graph(loss, values=True)
            """)
        XCTAssertEqual(graphLabels(h, "plain").map { $0.split(separator: " ")[0] }, ["sum", "matmul", "x", "w"])
        XCTAssertTrue(graphLabels(h, "piped").contains { $0.hasPrefix("reshape") }, "\(graphLabels(h, "piped"))")
        // 0.2 · 0.5 + 0.5 · 0.25 = 0.225; ∂loss/∂w = xᵀ = (0.2, 0.5), kept on the leaf only, as in PyTorch.
        XCTAssertTrue(graphLabels(h, "valued").contains("sum → loss () = 0.225"), "\(graphLabels(h, "valued"))")
        XCTAssertTrue(graphLabels(h, "valued").contains("w (2, 1) = [0.5, 0.25] ∇ [0.2, 0.5]"), "\(graphLabels(h, "valued"))")
    }
}
