import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// One test for every built-in of LANGUAGE.md section 3 (general, tensors, autograd). Expected
/// values are Python's and PyTorch's documented results, worked out by hand.
final class BuiltinTests: XCTestCase {
    let h = Harness()

    func testPrint() {
        XCTAssertEqual(h.printed("print(1, 'a', [2], sep='-', end='!')"), "1-a-[2]!")
        XCTAssertEqual(h.printed("print()"), "\n")
    }
    func testLen() { XCTAssertEqual(h.eval("len([1, 2]), len('abc'), len({'a': 1}), len(range(10)), len(zeros(4, 2))"), "(2, 3, 1, 10, 4)") }
    func testRange() { XCTAssertEqual(h.eval("list(range(3)), list(range(1, 7, 2)), list(range(3, 0, -1)), range(0)"), "([0, 1, 2], [1, 3, 5], [3, 2, 1], range(0, 0))") }
    func testEnumerate() { XCTAssertEqual(h.eval("enumerate(['a', 'b'], start=1)"), "[(1, 'a'), (2, 'b')]") }
    func testZip() { XCTAssertEqual(h.eval("zip([1, 2, 3], (4, 5))"), "[(1, 4), (2, 5)]") }
    func testMin() { XCTAssertEqual(h.eval("min([3, 1, 2]), min(4, 2), min([], default=0), min(['aa', 'b'], key=len)"), "(1, 2, 0, 'b')") }
    func testMax() { XCTAssertEqual(h.eval("max([3, 1, 2]), max(4, 2.5), max('ab', 'b')"), "(3, 4, 'b')") }
    func testSum() { XCTAssertEqual(h.eval("sum([1, 2, 3]), sum([0.5, 0.25]), sum([[1], [2]], [])"), "(6, 0.75, [1, 2])") }
    func testAbs() { XCTAssertEqual(h.eval("abs(-3), abs(2.5), abs(tensor([-1.0, 2.0])).tolist()"), "(3, 2.5, [1.0, 2.0])") }
    func testRound() { XCTAssertEqual(h.eval("round(0.5), round(1.5), round(3.14159, 2), round(1234, -2)"), "(0, 2, 3.14, 1200)") }
    func testSorted() { XCTAssertEqual(h.eval("sorted([3, 1, 2]), sorted('cab', reverse=True), sorted([(2, 'a'), (1, 'b')])"), "([1, 2, 3], ['c', 'b', 'a'], [(1, 'b'), (2, 'a')])") }
    func testStr() { XCTAssertEqual(h.eval("str(1.0), str('x'), str([1, 'a']), str(None)"), "('1.0', 'x', \"[1, 'a']\", 'None')") }
    func testInt() { XCTAssertEqual(h.eval("int(2.9), int('-7'), int(True), int(tensor(3.0))"), "(2, -7, 1, 3)") }
    func testFloat() { XCTAssertEqual(h.eval("float(1), float('2.5'), float('inf'), float(tensor([0.5]))"), "(1.0, 2.5, inf, 0.5)") }
    func testList() { XCTAssertEqual(h.eval("list('ab'), list((1, 2)), list({'k': 1}), list()"), "(['a', 'b'], [1, 2], ['k'], [])") }
    func testDict() { XCTAssertEqual(h.eval("dict(lr=0.1, epochs=3), dict([('a', 1)]), dict({'b': 2}, c=3)"), "({'lr': 0.1, 'epochs': 3}, {'a': 1}, {'b': 2, 'c': 3})") }
    func testType() { XCTAssertEqual(h.eval("type(1), type([]) == list, type(zeros(1)), type(1) == float"), "(<class 'int'>, True, <class 'Tensor'>, False)") }
    func testInput() {
        h.session.inputHandler = { prompt in "typed after " + prompt }
        XCTAssertEqual(h.eval("input('> ')"), "'typed after > '")
    }
    func testDisplay() {
        h.eval("display(1, 'a')")
        let shown = h.outputs.compactMap { out -> String? in if case .display(let b, _) = out { return b.text } else { return nil } }
        XCTAssertEqual(shown, ["1", "'a'"])
    }
    func testWarn() {
        h.eval("warn('loss is nan')")
        XCTAssertEqual(h.stderr, "Warning: loss is nan\n")
    }
    func testClearOutput() {
        h.eval("clear_output(wait=True)")
        XCTAssertTrue(h.outputs.contains(.clear(wait: true)))
    }
    func testHelp() {
        XCTAssertTrue(h.printed("help(zeros)").hasPrefix("zeros(*shape, dtype=None, requires_grad=False)\n\nA tensor of zeros"))
        XCTAssertEqual(h.printed("def f(a, b=2):\n    'Adds.'\n    return a + b\nhelp(f)"), "f(a, b=2)\n\nAdds.\n")
        XCTAssertTrue(h.printed("help()").contains("Tensors:\n  tensor, zeros"))
    }
    func testDir() {
        h.eval("alpha = 1\nbeta = 2")
        XCTAssertEqual(h.eval("dir()"), "['alpha', 'beta']")
        XCTAssertEqual(h.eval("'append' in dir([]), 'backward' in dir(zeros(1)), 'shape' in dir(zeros(1))"), "(True, True, True)")
    }
    func testSeed() {
        XCTAssertEqual(h.eval("seed(3)\na = rand(4).tolist()\nseed(3)\nb = rand(4).tolist()\nseed(4)\nc = rand(4).tolist()\n(a == b, a == c)"), "(True, False)")
    }

    // Tensors

    func testTensor() {
        XCTAssertEqual(h.eval("tensor([[1, 2], [3, 4]])"), "tensor([[1., 2.],\n        [3., 4.]])")
        XCTAssertEqual(h.eval("t = tensor([1, 2], dtype='int64')\n(t.dtype, tensor(2.5).shape, tensor([0.5], requires_grad=True))"), "('int64', (), tensor([0.5000], requires_grad=True))")
    }
    func testZeros() { XCTAssertEqual(h.eval("zeros(2, 3).shape, zeros((2,)).tolist(), zeros(1, dtype='float64').dtype"), "((2, 3), [0.0, 0.0], 'float64')") }
    func testOnes() { XCTAssertEqual(h.eval("ones(2).tolist(), ones([1, 2]).shape"), "([1.0, 1.0], (1, 2))") }
    func testFull() { XCTAssertEqual(h.eval("full((2, 2), 0.5).tolist()"), "[[0.5, 0.5], [0.5, 0.5]]") }
    func testEye() { XCTAssertEqual(h.eval("eye(2).tolist(), eye(2, 3).shape"), "([[1.0, 0.0], [0.0, 1.0]], (2, 3))") }
    func testArange() { XCTAssertEqual(h.eval("arange(4).tolist(), arange(1, 2, 0.5).tolist(), arange(3).dtype"), "([0, 1, 2, 3], [1.0, 1.5], 'int64')") }
    func testLinspace() { XCTAssertEqual(h.eval("linspace(0, 1, 5).tolist()"), "[0.0, 0.25, 0.5, 0.75, 1.0]") }
    func testLogspace() { XCTAssertEqual(h.eval("logspace(0, 2, 3).tolist()"), "[1.0, 10.0, 100.0]") }
    func testRand() { XCTAssertEqual(h.eval("r = rand(1000)\n(r.shape, r.min().item() >= 0, r.max().item() < 1, abs(r.mean().item() - 0.5) < 0.05)"), "((1000,), True, True, True)") }
    func testRandn() { XCTAssertEqual(h.eval("r = randn(4000)\n(abs(r.mean().item()) < 0.1, abs((r * r).mean().item() - 1) < 0.1)"), "(True, True)") }
    func testRandint() { XCTAssertEqual(h.eval("r = randint(0, 3, (500,))\n(r.dtype, r.min().item(), r.max().item())"), "('int64', 0, 2)") }
    func testZerosLike() { XCTAssertEqual(h.eval("zeros_like(ones(2, 3)).tolist()"), "[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]") }
    func testOnesLike() { XCTAssertEqual(h.eval("ones_like(zeros(2)).tolist()"), "[1.0, 1.0]") }
    func testCat() { XCTAssertEqual(h.eval("cat([ones(1, 2), zeros(1, 2)]).tolist(), cat([ones(1, 1), zeros(1, 2)], axis=1).tolist()"), "([[1.0, 1.0], [0.0, 0.0]], [[1.0, 0.0, 0.0]])") }
    func testStack() { XCTAssertEqual(h.eval("stack([tensor([1, 2]), tensor([3, 4])], axis=1).tolist()"), "[[1.0, 3.0], [2.0, 4.0]]") }
    func testElementwiseFunctions() {
        XCTAssertEqual(h.eval("x = tensor([0.0, 1.0], dtype='float64')\n[round(v, 6) for v in exp(x).tolist()], log(exp(x)).tolist(), sqrt(tensor([4.0])).tolist()"), "([1.0, 2.718282], [0.0, 1.0], [2.0])")
        XCTAssertEqual(h.eval("relu(tensor([-1.0, 2.0])).tolist(), sigmoid(tensor([0.0])).tolist(), tanh(tensor([0.0])).tolist()"), "([0.0, 2.0], [0.5], [0.0])")
    }
    func testSoftmaxAndLogSoftmax() {
        XCTAssertEqual(h.eval("p = softmax(tensor([[0.0, 0.0], [0.0, 1.0]], dtype='float64'))\n[round(v, 6) for v in p[1].tolist()], p.sum(axis=-1).tolist()"), "([0.268941, 0.731059], [1.0, 1.0])")
        XCTAssertEqual(h.eval("[round(v, 6) for v in log_softmax(tensor([0.0, 0.0], dtype='float64')).tolist()]"), "[-0.693147, -0.693147]")
    }
    func testMatmul() { XCTAssertEqual(h.eval("matmul(tensor([[1, 2]]), tensor([[3], [4]])).tolist(), (eye(2) @ tensor([[1, 2], [3, 4]])).tolist()"), "([[11.0]], [[1.0, 2.0], [3.0, 4.0]])") }
    func testMse() { XCTAssertEqual(h.eval("p = tensor([1.0, 2.0])\nt = tensor([0.0, 0.0])\nmse(p, t).item(), mse(p, t, reduction='sum').item()"), "(2.5, 5.0)") }
    func testCrossEntropy() {
        // -log(softmax([0, 0])[1]) = log(2) for both target forms.
        XCTAssertEqual(h.eval("z = tensor([[0.0, 0.0]], dtype='float64')\nround(cross_entropy(z, tensor([1])).item(), 6), round(cross_entropy(z, tensor([[0.0, 1.0]], dtype='float64')).item(), 6)"), "(0.693147, 0.693147)")
    }
    func testNll() { XCTAssertEqual(h.eval("nll(tensor([[-1.0, -2.0], [-3.0, -4.0]]), tensor([1, 0])).item()"), "2.5") }
    func testBce() { XCTAssertEqual(h.eval("round(bce(tensor([0.5], dtype='float64'), tensor([1.0])).item(), 6)"), "0.693147") }
    func testAccuracy() { XCTAssertEqual(h.eval("accuracy(tensor([[2.0, 1.0], [0.0, 3.0], [1.0, 0.0]]), tensor([0, 1, 1]))"), "0.6666666666666666") }

    func testTensorPropertiesAndMethods() {
        h.eval("x = tensor([[1.0, -2.0], [3.0, 4.0]], requires_grad=True)")
        XCTAssertEqual(h.eval("x.shape, x.dtype, x.ndim, x.T.tolist(), x.requires_grad, x.grad"), "((2, 2), 'float32', 2, [[1.0, 3.0], [-2.0, 4.0]], True, None)")
        XCTAssertEqual(h.eval("x.sum().item(), x.sum(axis=0).tolist(), x.sum(axis=1, keepdims=True).shape, x.mean().item()"), "(6.0, [4.0, 2.0], (2, 1), 1.5)")
        XCTAssertEqual(h.eval("x.max().item(), x.min().item(), x.argmax().item(), x.argmax(axis=1).tolist()"), "(4.0, -2.0, 3, [0, 1])")
        XCTAssertEqual(h.eval("x.reshape(4).tolist(), x.reshape(1, -1).shape, x.transpose(0, 1).tolist()"), "([1.0, -2.0, 3.0, 4.0], (1, 4), [[1.0, 3.0], [-2.0, 4.0]])")
        XCTAssertEqual(h.eval("x.abs().tolist(), x.clamp(min=0).tolist(), x.detach().requires_grad"), "([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [3.0, 4.0]], False)")
        XCTAssertEqual(h.eval("round(x.exp()[0, 0].item(), 4), x.abs().log()[0, 0].item(), x.abs().sqrt()[1, 1].item()"), "(2.7183, 0.0, 2.0)")
        XCTAssertEqual(h.eval("(x * x).sum().backward()\nx.grad.tolist()"), "[[2.0, -4.0], [6.0, 8.0]]")
        XCTAssertEqual(h.eval("x.zero_grad()\nx.grad"), nil)
        XCTAssertEqual(h.eval("y = x * 2\ny.backward(grad=ones(2, 2), retain_graph=True)\ny.backward(grad=ones(2, 2))\nx.grad.tolist()"), "[[4.0, 4.0], [4.0, 4.0]]")
        XCTAssertEqual(h.eval("x[0].tolist(), x[:, 1].tolist(), x[-1, -1].item(), x[x > 0].tolist()"), "([1.0, -2.0], [-2.0, 4.0], 4.0, [1.0, 3.0, 4.0])")
        XCTAssertEqual(h.eval("z = zeros(2, 3)\nz[0, 1:] = 5\nz[1] = tensor([1, 2, 3])\nz.tolist()"), "[[0.0, 5.0, 5.0], [1.0, 2.0, 3.0]]")
        XCTAssertEqual(h.eval("(tensor([1.0, 2.0]) == 2).tolist(), (1 < tensor([0.0, 2.0])).tolist(), (2 ** tensor([3.0])).tolist()"), "([0.0, 1.0], [0.0, 1.0], [8.0])")
    }

    // Autograd

    func testNoGrad() {
        XCTAssertEqual(h.eval("w = ones(2, requires_grad=True)\nwith no_grad():\n    y = w * 3\ny.requires_grad"), "False")
    }
    func testGrad() {
        XCTAssertEqual(h.eval("a = tensor(3.0, requires_grad=True)\ng = grad(a * a * a, a)\n(g.item(), a.grad)"), "(27.0, None)")
        XCTAssertEqual(h.eval("b = tensor(2.0, requires_grad=True)\n[t.item() for t in grad(a * b, [a, b])]"), "[2.0, 3.0]")
    }
    func testGradcheck() {
        XCTAssertEqual(h.eval("gradcheck(lambda u, v: (u * v.exp()).sum(), [randn(3), randn(3)])"), "True")
    }
}
