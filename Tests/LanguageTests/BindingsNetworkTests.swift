import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Networks bound into the language: Linear, activations, Dropout, Sequential, MLP, summary.
final class BindingsNetworkTests: XCTestCase {
    func testLinearComputesXWTransposedPlusB() {
        let h = Harness()
        h.eval("""
        lin = Linear(2, 3)
        with no_grad():
            lin.weight[:, :] = tensor([[1.0, 2.0], [0.0, -1.0], [0.5, 0.5]])
            lin.bias[:] = tensor([0.1, 0.2, 0.3])
        out = lin(tensor([[1.0, 1.0], [2.0, 0.0]]))
        """)
        // By hand: [1,1] -> [3.1, -0.8, 1.3]; [2,0] -> [2.1, 0.2, 1.3].
        XCTAssertEqual(h.number("out[0, 0].item()"), 3.1, accuracy: 1e-6)
        XCTAssertEqual(h.number("out[0, 1].item()"), -0.8, accuracy: 1e-6)
        XCTAssertEqual(h.number("out[1, 2].item()"), 1.3, accuracy: 1e-6)
        XCTAssertEqual(h.eval("lin.weight.shape"), "(3, 2)")
        XCTAssertEqual(h.eval("Linear(2, 3, bias=False).bias"), nil)
        XCTAssertEqual(h.eval("type(lin)"), h.eval("type(Linear(1, 1))"))
    }

    func testLinearInitialisationBound() {
        let h = Harness()
        // PyTorch's default: uniform in [-1/sqrt(in), 1/sqrt(in)] = [-0.25, 0.25] for in=16.
        XCTAssertLessThanOrEqual(h.number("Linear(16, 64).weight.abs().max().item()"), 0.25)
        XCTAssertGreaterThan(h.number("Linear(16, 64).weight.abs().max().item()"), 0.2)
    }

    func testActivationLayers() {
        let h = Harness()
        h.eval("x = tensor([[-1.0, 0.0, 2.0]])")
        XCTAssertEqual(h.eval("ReLU()(x).tolist()"), "[[0.0, 0.0, 2.0]]")
        XCTAssertEqual(h.number("Sigmoid()(x)[0, 1].item()"), 0.5, accuracy: 1e-7)
        XCTAssertEqual(h.number("Tanh()(x)[0, 2].item()"), Foundation.tanh(2.0), accuracy: 1e-6)
        let e = [exp(-1.0), 1, exp(2.0)], total = e.reduce(0, +)
        XCTAssertEqual(h.number("Softmax()(x)[0, 2].item()"), e[2] / total, accuracy: 1e-6)
        XCTAssertEqual(h.eval("ReLU()"), "ReLU()")
    }

    func testDropoutIsOffInEvalMode() {
        let h = Harness()
        h.eval("seed(1)\nd = Dropout(0.5)\nx = ones(1000, 4)")
        // Training: about half zeroed, the rest scaled by 1/(1 - p) = 2.
        let zeros = h.number("(d(x) == 0).sum().item()")
        XCTAssertEqual(zeros, 2000, accuracy: 200)
        XCTAssertEqual(h.number("d(x).max().item()"), 2)
        XCTAssertEqual(h.eval("d.eval().training"), "False")
        XCTAssertEqual(h.number("(d(x) == 1).sum().item()"), 4000)
        XCTAssertEqual(h.failure("Dropout(1.5)").name, "ValueError")
    }

    func testSequentialIndexingSharesParameters() {
        let h = Harness()
        h.eval("net = Sequential(Linear(4, 8), ReLU(), Linear(8, 3))")
        XCTAssertEqual(h.eval("len(net)"), "3")
        XCTAssertEqual(h.eval("net[0].weight.shape"), "(8, 4)")
        XCTAssertEqual(h.eval("net[-1].out_features"), "3")
        XCTAssertEqual(h.eval("[n for n, p in net.named_parameters()]"), "['0.weight', '0.bias', '2.weight', '2.bias']")
        XCTAssertEqual(h.eval("len(net.parameters())"), "4")
        h.eval("with no_grad():\n    net[0].weight[0, 0] = 5.0")
        XCTAssertEqual(h.eval("net.parameters()[0][0, 0].item()"), "5.0")
        // The tuple is handed out again while the tensors are the same, and it is the tensors.
        XCTAssertEqual(h.eval("str(type(net.parameters()))"), "\"<class 'tuple'>\"")
        XCTAssertEqual(h.eval("[p is q for p, q in zip(net.parameters(), [net[0].weight, net[0].bias, net[2].weight, net[2].bias])]"),
                       "[True, True, True, True]")
        XCTAssertEqual(h.eval("net[0:1].parameters()[1] is net.parameters()[1]"), "True")
        XCTAssertEqual(h.failure("net(1, 2)").value, "Sequential() takes 1 positional argument but 2 were given")
        XCTAssertEqual(h.eval("len(net[0:2])"), "2")
        XCTAssertEqual(h.eval("[str(layer) for layer in net][1]"), "'ReLU()'")
        XCTAssertEqual(h.failure("for p in Linear(1, 1):\n    pass").name, "TypeError")
        XCTAssertEqual(h.eval("Sequential([Linear(2, 2), Tanh()])[1]"), "Tanh()")
        XCTAssertEqual(h.failure("Sequential(Linear(2, 2), 3)").name, "TypeError")
    }

    func testMLPAndSummary() {
        let h = Harness()
        h.eval("net = MLP([4, 16, 3])")
        XCTAssertEqual(h.eval("len(net)"), "3")
        XCTAssertEqual(h.eval("type(net[1])"), h.eval("type(ReLU())"))
        XCTAssertEqual(h.eval("type(MLP([2, 5, 5, 1], activation=Tanh)[3])"), h.eval("type(Tanh())"))
        XCTAssertEqual(h.eval("type(MLP([2, 5, 1], activation=\"sigmoid\")[1])"), h.eval("type(Sigmoid())"))
        // Parameters: 4*16 + 16 = 80 and 16*3 + 3 = 51, total 131.
        let table = h.eval("summary(net)") ?? ""
        XCTAssertTrue(table.contains("total parameters: 131"), table)
        XCTAssertTrue(table.contains("(N, 16)") && table.contains("(N, 3)"), table)
        XCTAssertTrue(table.contains("80") && table.contains("51"), table)
        // A network shown as a cell result is its summary table, as text and HTML.
        h.run("net")
        XCTAssertTrue(h.bundles.last?.text?.contains("total parameters: 131") ?? false)
        if case .text(let html)? = h.bundles.last?.data["text/html"] { XCTAssertTrue(html.contains("<table>")) } else { XCTFail("no HTML") }
        XCTAssertTrue(h.printed("print(net)").hasPrefix("Sequential(\n  (0): Linear(in_features=4, out_features=16, bias=True)"))
        XCTAssertEqual(h.failure("MLP([4])").name, "ValueError")
        XCTAssertEqual(h.failure("MLP([4, 3], activation=Linear)").name, "ValueError")
    }

    func testNetworkMethods() {
        let h = Harness()
        h.eval("""
        net = MLP([3, 4, 2])
        loss = net(ones(5, 3)).sum()
        loss.backward()
        """)
        XCTAssertEqual(h.eval("net[0].weight.grad is None"), "False")
        h.eval("net.zero_grad()")
        XCTAssertEqual(h.eval("net[0].weight.grad is None"), "True")
        XCTAssertEqual(h.eval("net.eval().training"), "False")
        XCTAssertEqual(h.eval("net.train().training"), "True")
        h.eval("twin = net.copy()\nwith no_grad():\n    twin[0].weight[0, 0] = 100.0")
        XCTAssertNotEqual(h.eval("net[0].weight[0, 0].item()"), "100.0")
        h.eval("net.load_state_dict({k: v for k, v in twin.named_parameters()})")
        XCTAssertEqual(h.eval("net[0].weight[0, 0].item()"), "100.0")
    }

    /// The lecture's PyTorch example (two-layer net, summed squared error, SGD by hand on
    /// 64 x 1000 inputs) written in Descent: the loss falls.
    func testLecturePyTorchExampleDecreasesTheLoss() {
        let h = Harness()
        h.eval("""
        seed(0)
        N, D_in, H, D_out = 64, 1000, 100, 10
        x = randn(N, D_in)
        y = randn(N, D_out)
        model = Sequential(Linear(D_in, H), ReLU(), Linear(H, D_out))
        learning_rate = 1e-4
        losses = []
        for t in range(100):
            y_pred = model(x)
            loss = mse(y_pred, y, reduction="sum")
            losses.append(loss.item())
            model.zero_grad()
            loss.backward()
            with no_grad():
                for param in model.parameters():
                    param -= learning_rate * param.grad
        """)
        let first = h.number("losses[0]"), last = h.number("losses[-1]")
        XCTAssertGreaterThan(first, 300)
        XCTAssertLessThan(last, first * 0.05)
        XCTAssertEqual(h.eval("all([losses[i + 1] < losses[i] for i in range(20)])"), "True")
    }

    func testWrongFeatureCountNamesBothShapes() {
        let h = Harness()
        h.eval("net = Linear(4, 3)")
        let e = h.failure("net(zeros(2, 5))")
        XCTAssertEqual(e.name, "ValueError")
        XCTAssertTrue(e.value.contains("(2, 5)") && e.value.contains("(3, 4)") && e.value.contains("expects 4"), e.value)
        let deep = h.failure("MLP([4, 8, 2])(zeros(7, 3))")
        XCTAssertTrue(deep.value.contains("(7, 3)") && deep.value.contains("(8, 4)"), deep.value)
        XCTAssertEqual(h.eval("net.in_features"), "4")
    }
}
