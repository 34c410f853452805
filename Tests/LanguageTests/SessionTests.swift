import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

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
        // The caption stays on one line however narrow the table (a column vector's is one cell wide).
        XCTAssertTrue(html.hasPrefix("<table><caption style=\"white-space: nowrap; text-align: left\">tensor of shape (1, 2), float32</caption><tr><td>1.5000</td>"), html)
    }

    func testOutputFloodIsCutWithANoteCountingWhatWasDropped() {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 1000)
        h.run("for i in range(1000):\n    print('0123456789')")
        XCTAssertEqual(h.stdout, String(repeating: "0123456789\n", count: 90) + "0123456789")
        // 1000 lines of 11 bytes: 11,000 printed, 1,000 kept.
        XCTAssertEqual(h.stderr, "\n[output truncated: 10000 bytes dropped past the 1000 bytes limit]\n")
    }

    func testTheNoticeComesBeforeTheErrorAndAfterAllText() {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 100)
        h.run("print('x' * 150)\nwarn('w')\n1/0")
        XCTAssertEqual(h.outputs.count, 3)
        XCTAssertEqual(h.outputs[0], .stream(name: "stdout", text: String(repeating: "x", count: 100)))
        // 51 bytes of the print and the 11 of the warning.
        XCTAssertEqual(h.outputs[1], .stream(name: "stderr", text: "\n[output truncated: 62 bytes dropped past the 100 bytes limit]\n"))
        guard case .error(let name, _, _) = h.outputs[2] else { return XCTFail("\(h.outputs)") }
        XCTAssertEqual(name, "ZeroDivisionError")
    }

    func testWithoutALimitEverythingIsShown() {
        let h = Harness()
        h.session.outputLimit = nil
        h.run("print('x' * 3000000)")
        XCTAssertEqual(h.stdout.utf8.count, 3_000_001)
        XCTAssertEqual(h.stderr, "")
        XCTAssertEqual(h.run("'y' * 2000000")?.utf8.count, 2_000_002)
    }

    func testALongResultIsCutAtACharacterBoundary() {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 100)
        // The repr is a quote, 80 two-byte characters and a quote: 162 bytes. Byte 100 is the
        // second of a character, so 99 are kept.
        XCTAssertEqual(h.run("'é' * 80"),
                       "'" + String(repeating: "é", count: 49) + "\n[output truncated: 63 bytes dropped past the 100 bytes limit]")
    }

    /// Python's quoting (CPython 3.11 prints these reprs): text with nothing to escape is
    /// copied whole, the rest escaped one character at a time.
    func testStringReprsQuoteAndEscapeAsPython() {
        let h = Harness()
        XCTAssertEqual(h.eval("'plain é'"), "'plain é'")
        XCTAssertEqual(h.eval("\"it's\""), "\"it's\"")
        XCTAssertEqual(h.eval("'it' + \"'s \\\"q\\\"\""), "'it\\'s \"q\"'")
        XCTAssertEqual(h.eval("'a\\tb\\n\\\\'"), "'a\\tb\\n\\\\'")
        XCTAssertEqual(h.eval("'\\x7f\\x01'"), "'\\x7f\\x01'")
    }

    func testALongHTMLIsLeftOutAndItsTextKept() {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 200)
        h.run("zeros(20, 20)")
        let bundle = h.bundles.last
        XCTAssertNil(bundle?.data["text/html"])
        XCTAssertTrue(bundle?.text?.hasSuffix("bytes dropped past the 200 bytes limit]") ?? false, "\(String(describing: bundle))")
        h.run("zeros(2, 2)")
        XCTAssertNotNil(h.bundles.last?.data["text/html"])
    }

    func testADisplayIsCutLikeAResult() {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 10)
        h.run("display('abcdefghijklmnop')")
        guard case .display(let bundle, _)? = h.outputs.last else { return XCTFail("\(h.outputs)") }
        XCTAssertEqual(bundle.text, "'abcdefghi\n[output truncated: 8 bytes dropped past the 10 bytes limit]")
    }

    func testALongErrorMessageIsCutAndKeepsItsNameAndLocation() throws {
        let h = Harness()
        h.session.outputLimit = OutputLimit(bytes: 100)
        h.run("x = 1\nassert x == 2, 'm' * 500")
        let error = try XCTUnwrap(h.error)
        let cut = String(repeating: "m", count: 100) + " [output truncated: 400 bytes dropped past the 100 bytes limit]"
        XCTAssertEqual(error.name, "AssertionError")
        XCTAssertEqual(error.value, cut)
        XCTAssertEqual(error.traceback.last, "AssertionError: " + cut)
        XCTAssertTrue(error.traceback.contains { $0.contains("line 2, column") }, "\(error.traceback)")
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
