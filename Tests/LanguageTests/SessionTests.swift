import XCTest
@testable import Language

/// Display rules, completion, inspection and is_complete.
final class SessionTests: XCTestCase {
    func testLastExpressionIsTheResultUnlessNoneOrSemicolon() {
        let h = Harness()
        XCTAssertEqual(h.run("x = 2\nx * 3"), "6")
        XCTAssertNil(h.run("x * 3;"))
        XCTAssertNil(h.run("None"))
        XCTAssertNil(h.run("y = 1"))
        XCTAssertNil(h.run("print('p')"))
        XCTAssertEqual(h.run("x\n# a trailing comment\n"), "2")
    }

    func testResultCarriesTheExecutionCount() {
        let session = Session()
        var outputs: [Output] = []
        session.execute("1 + 1", executionCount: 7) { outputs.append($0) }
        XCTAssertEqual(outputs, [.result(MimeBundle(text: "2"), executionCount: 7)])
    }

    func testTensorResultHasTextAndHTML() {
        let h = Harness()
        h.run("tensor([[1.5, 2.0]])")
        guard let bundle = h.bundles.last, case .text(let html)? = bundle.data["text/html"] else { return XCTFail("no html") }
        XCTAssertEqual(bundle.text, "tensor([[1.5000, 2.0000]])")
        XCTAssertTrue(html.hasPrefix("<table><caption>tensor of shape (1, 2), float32</caption><tr><td>1.5000</td>"), html)
    }

    func testOutputFloodIsCutWithANote() {
        let h = Harness()
        h.session.outputLimit = 1000
        h.run("for i in range(1000):\n    print('0123456789')")
        XCTAssertEqual(h.stdout.utf8.count, 1000)
        XCTAssertTrue(h.stderr.contains("[output truncated: 10000 more bytes were not shown]"), h.stderr)
    }

    func testStreamsAreInOrder() {
        let h = Harness()
        h.run("print('a')\nwarn('b')\nprint('c')\n5")
        XCTAssertEqual(h.outputs, [
            .stream(name: "stdout", text: "a\n"), .stream(name: "stderr", text: "Warning: b\n"),
            .stream(name: "stdout", text: "c\n"), .result(MimeBundle(text: "5"), executionCount: nil),
        ])
    }

    func testIsComplete() {
        let s = Session()
        XCTAssertEqual(s.isComplete("x = 1"), .complete)
        XCTAssertEqual(s.isComplete(""), .complete)
        XCTAssertEqual(s.isComplete("def f(x):"), .incomplete(indent: "    "))
        XCTAssertEqual(s.isComplete("def f(x):\n    return x"), .incomplete(indent: "    "))
        XCTAssertEqual(s.isComplete("def f(x):\n    if x:"), .incomplete(indent: "        "))
        XCTAssertEqual(s.isComplete("def f(x):\n    return x\n"), .complete)
        XCTAssertEqual(s.isComplete("f(1,"), .incomplete(indent: ""))
        XCTAssertEqual(s.isComplete("s = '''abc"), .incomplete(indent: ""))
        XCTAssertEqual(s.isComplete("x = 1 + \\"), .incomplete(indent: ""))
        XCTAssertEqual(s.isComplete("x = = 1"), .invalid)
        XCTAssertEqual(s.isComplete("x = )"), .invalid)
    }

    func testCompletion() {
        let s = Session()
        s.execute("learning_rate = 0.1\nlearner = [1]\nconfig = {'epochs': 3, 'lr': 0.1}\ndef train(model, epochs=1, lr=0.01):\n    pass") { _ in }
        let names = s.complete("x = lear", cursor: 8)
        XCTAssertEqual(names.matches, ["learner", "learning_rate"])
        XCTAssertEqual(names.cursorStart, 4)
        XCTAssertEqual(names.cursorEnd, 8)
        XCTAssertTrue(s.complete("zer", cursor: 3).matches.contains("zeros"))
        XCTAssertTrue(s.complete("whi", cursor: 3).matches.contains("while"))
        let methods = s.complete("learner.app", cursor: 11)
        XCTAssertEqual(methods.matches, ["append"])
        XCTAssertEqual(methods.cursorStart, 8)
        XCTAssertEqual(s.complete("train(net, ep", cursor: 13).matches.first, "epochs=")
        XCTAssertEqual(s.complete("zeros(2, req", cursor: 12).matches.first, "requires_grad=")
        XCTAssertEqual(s.complete("config['e", cursor: 9).matches, ["epochs"])
        s.execute("t = zeros(2)") { _ in }
        XCTAssertEqual(s.complete("t.sh", cursor: 4).matches, ["shape"])
    }

    func testInspect() {
        let s = Session()
        XCTAssertTrue(s.inspect("zeros(", cursor: 6)?.text?.hasPrefix("zeros(*shape, dtype=None, requires_grad=False)\n\nA tensor of zeros") == true)
        XCTAssertTrue(s.inspect("x = softmax", cursor: 6)?.text?.hasPrefix("softmax(x, axis=-1)") == true)
        s.execute("def step(w, lr=0.1):\n    'One step of gradient descent.'\n    return w\nlr = 0.5") { _ in }
        XCTAssertEqual(s.inspect("step(", cursor: 2)?.text, "step(w, lr=0.1)\n\nOne step of gradient descent.")
        XCTAssertEqual(s.inspect("lr", cursor: 1)?.text, "lr: float = 0.5")
        XCTAssertNil(s.inspect("nothing_here", cursor: 3))
    }

    func testResultsOfLibraryValuesUseTheirBundle() {
        let h = Harness()
        XCTAssertEqual(h.run("no_grad()"), "<no_grad>")
    }
}
