import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Error kinds, messages, positions and carets, and that a session survives every error.
final class ErrorTests: XCTestCase {
    /// Runs code expected to fail; returns (kind, message, traceback).
    func failing(_ h: Harness, _ code: String, file: StaticString = #filePath, line: UInt = #line) -> (String, String, [String]) {
        h.run(code)
        guard let e = h.error else {
            XCTFail("no error from \(code)", file: file, line: line)
            return ("", "", [])
        }
        return (e.name, e.value, e.traceback)
    }

    func testNameErrorWithSuggestionAndCaret() {
        let h = Harness()
        let (kind, message, tb) = failing(h, "lr = 0.1\nx = 2 * lrr + 1")
        XCTAssertEqual(kind, "NameError")
        XCTAssertEqual(message, "name 'lrr' is not defined. Did you mean 'lr'?")
        XCTAssertEqual(tb, [
            "Traceback (most recent call last):",
            "  Cell 1, line 2, column 9, in <module>",
            "    x = 2 * lrr + 1",
            "            ^^^",
            "NameError: name 'lrr' is not defined. Did you mean 'lr'?",
        ])
    }

    func testSyntaxErrorCaret() {
        let h = Harness()
        let (kind, _, tb) = failing(h, "a = 1\nb = (a +)")
        XCTAssertEqual(kind, "SyntaxError")
        XCTAssertEqual(tb, ["  Cell 1, line 2, column 9", "    b = (a +)", "            ^", "SyntaxError: invalid syntax"])
    }

    func testTracebackThroughFunctionsDefinedInEarlierCells() {
        let h = Harness()
        h.eval("def inner(x):\n    return 1 / x\ndef outer(y):\n    return inner(y - 1)")
        let (kind, message, tb) = failing(h, "z = 5\nouter(1)")
        XCTAssertEqual(kind, "ZeroDivisionError")
        XCTAssertEqual(message, "division by zero")
        XCTAssertEqual(tb, [
            "Traceback (most recent call last):",
            "  Cell 2, line 2, column 1, in <module>",
            "    outer(1)",
            "    ^^^^^^^^",
            "  Cell 1, line 4, column 12, in outer",
            "    return inner(y - 1)",
            "           ^^^^^^^^^^^^",
            "  Cell 1, line 2, column 12, in inner",
            "    return 1 / x",
            "           ^^^^^",
            "ZeroDivisionError: division by zero",
        ])
    }

    func testWrongArgumentCountOnTheDirectCallPathPointsAtTheCall() {
        let h = Harness()
        h.eval("def pair(a, b):\n    return a + b")
        let (kind, _, tb) = failing(h, "pair(1)")
        XCTAssertEqual(kind, "TypeError")
        XCTAssertEqual(Array(tb.prefix(4)), ["Traceback (most recent call last):", "  Cell 2, line 1, column 1, in <module>", "    pair(1)", "    ^^^^^^^"])
        XCTAssertEqual(failing(h, "pair(1, 2, 3)").0, "TypeError")
        XCTAssertEqual(failing(h, "n = 3\nn(1)").1, "'int' object is not callable")
        XCTAssertEqual(h.eval("pair(1, 2)"), "3")
    }

    func testUnboundLocalReadInPlaceKeepsItsCaret() {
        let h = Harness()
        h.eval("def f():\n    y = x + 1\n    x = 2")
        let (kind, _, tb) = failing(h, "f()")
        XCTAssertEqual(kind, "UnboundLocalError")
        XCTAssertEqual(Array(tb.suffix(3).prefix(2)), ["    y = x + 1", "        ^"])
    }

    func testFailedComparisonInAnIfPointsAtTheComparison() {
        let h = Harness()
        let (kind, _, tb) = failing(h, "s = 'a'\nif s < 2:\n    pass")
        XCTAssertEqual(kind, "TypeError")
        XCTAssertEqual(Array(tb.suffix(3).prefix(2)), ["    if s < 2:", "       ^^^^^"])
    }

    func testRuntimeErrorKinds() {
        let h = Harness()
        XCTAssertEqual(failing(h, "[1, 2, 3][5]").1, "list index 5 is out of range for length 3")
        XCTAssertEqual(failing(h, "[1][0][0]").1, "'int' object is not subscriptable")
        XCTAssertEqual(failing(h, "x = 3\nx(1)").1, "'int' object is not callable")
        XCTAssertEqual(failing(h, "def f(a, lr=0.1):\n    return a\nf(1, lrr=2)").1, "f() got an unexpected keyword argument 'lrr'. Did you mean 'lr'?")
        XCTAssertEqual(failing(h, "f()").1, "f() missing required argument 'a'")
        XCTAssertEqual(failing(h, "f(1, 2, 3)").1, "f() takes 2 positional arguments but 3 were given")
        XCTAssertEqual(failing(h, "len(1)").1, "object of type 'int' has no len()")
        XCTAssertEqual(failing(h, "1 + 'a'").1, "unsupported operand type(s) for +: 'int' and 'str'")
        XCTAssertEqual(failing(h, "{'a': 1}['b']").0, "KeyError")
        XCTAssertEqual(failing(h, "[].apend(1)").1, "'list' object has no attribute 'apend'. Did you mean 'append'?")
        XCTAssertEqual(failing(h, "a, b = [1, 2, 3]").1, "too many values to unpack (expected 2, got 3)")
        XCTAssertEqual(failing(h, "assert 1 > 2, 'one is not more than two'").0, "AssertionError")
        XCTAssertEqual(h.error?.value, "one is not more than two")
        XCTAssertEqual(failing(h, "int('x')").1, "invalid literal for int() with base 10: 'x'")
        XCTAssertEqual(failing(h, "5 % 0").0, "ZeroDivisionError")
        XCTAssertEqual(failing(h, "2.0 / 0").1, "float division by zero")
        XCTAssertEqual(failing(h, "def g():\n    y = y + 1\ng()").0, "UnboundLocalError")
        XCTAssertEqual(failing(h, "break").1, "'break' outside loop")
        XCTAssertEqual(failing(h, "return 1").1, "'return' outside function")
        XCTAssertEqual(failing(h, "input('?')").1, "input() is not available here: this front end cannot read input")
        XCTAssertEqual(failing(h, "with 3:\n    pass").1, "'int' object does not support the context manager protocol (use 'with no_grad():')")
    }

    func testRecursionLimitIsAnErrorNotACrashAndItsTracebackIsCollapsed() {
        let h = Harness()
        let (kind, message, tb) = failing(h, "def down(n):\n    return down(n + 1)\ndown(0)")
        XCTAssertEqual(kind, "RecursionError")
        XCTAssertTrue(message.hasPrefix("maximum recursion depth exceeded"))
        // The outer call, three of the recursive frames, then the count of the rest, as CPython
        // prints it; the frame count comes from the recursion limit (1000 calls of `down`).
        XCTAssertEqual(Array(tb.prefix(13)), [
            "Traceback (most recent call last):",
            "  Cell 1, line 3, column 1, in <module>", "    down(0)", "    ^^^^^^^",
            "  Cell 1, line 2, column 12, in down", "    return down(n + 1)", "           ^^^^^^^^^^^",
            "  Cell 1, line 2, column 12, in down", "    return down(n + 1)", "           ^^^^^^^^^^^",
            "  Cell 1, line 2, column 12, in down", "    return down(n + 1)", "           ^^^^^^^^^^^",
        ])
        XCTAssertEqual(tb.count, 15)
        XCTAssertTrue(tb[13].hasPrefix("  [Previous line repeated "), tb[13])
        let counted = Int(tb[13].split(separator: " ")[3]) ?? 0
        XCTAssertTrue((990...1000).contains(counted + 3), "\(counted + 3) frames of down for a limit of 1000 calls")
        XCTAssertEqual(h.eval("def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\ndepth(900)"), "900")
    }

    func testMemoryErrorsBeforeAllocating() {
        let h = Harness()
        XCTAssertEqual(failing(h, "zeros(100000, 100000)").0, "MemoryError")
        XCTAssertEqual(failing(h, "[0] * 10 ** 12").0, "MemoryError")
    }

    func testTensorShapeErrorsNameBothShapes() {
        let h = Harness()
        let (kind, message, tb) = failing(h, "a = ones(64, 1000)\nb = ones(100, 10)\nc = a @ b")
        XCTAssertEqual(kind, "ValueError")
        XCTAssertTrue(message.contains("(64, 1000)") && message.contains("(100, 10)"), message)
        XCTAssertEqual(tb[2], "    c = a @ b")
        XCTAssertEqual(tb[3], "        ^^^^^")
    }

    func testInPlaceUpdateOfALeafOutsideNoGrad() {
        let h = Harness()
        let (kind, message, _) = failing(h, "w = ones(3, requires_grad=True)\nw -= 0.1")
        XCTAssertEqual(kind, "RuntimeError")
        XCTAssertTrue(message.contains("no_grad"), message)
        XCTAssertEqual(h.eval("with no_grad():\n    w -= 0.5\nw.tolist()"), "[0.5, 0.5, 0.5]")
    }

    func testSessionKeepsEveryNameAfterErrors() {
        let h = Harness()
        h.eval("a = 1\ndef f():\n    return a + 1")
        _ = failing(h, "b = 2\nundefined_name")
        _ = failing(h, "c = (")
        _ = failing(h, "d = 3\n1 / 0")
        XCTAssertEqual(h.eval("(a, b, d, f())"), "(1, 2, 3, 2)")
    }

    func testInterruptStopsAnInfiniteLoopWithinATenthOfASecond() {
        let h = Harness()
        h.eval("kept = 42")
        let start = DispatchTime.now()
        h.interrupt(after: 0.3)
        h.run("n = 0\nwhile True:\n    n += 1")
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        XCTAssertEqual(h.error?.name, "KeyboardInterrupt")
        XCTAssertLessThan(elapsed, 0.4)
        XCTAssertEqual(h.eval("kept"), "42")
        XCTAssertEqual(h.eval("n > 0"), "True")
        h.interrupt(after: 0.2)
        h.run("def spin():\n    while True:\n        pass\nspin()")
        XCTAssertEqual(h.error?.name, "KeyboardInterrupt")
        XCTAssertEqual(h.eval("1 + 1"), "2")
    }

    /// An interrupt that comes during an op that never looks for one (sorting) is raised at the
    /// next statement, or when the cell ends, never dropped; one between cells is dropped.
    func testAnInterruptDuringAnOpThatDoesNotLookIsNotLost() {
        let h = Harness()
        h.eval("xs = list(range(1000000))")
        for cell in ["ys = sorted(xs, reverse=True)", "ys = sorted(xs, reverse=True)\nafter = 1"] {
            h.eval("ys = None\nafter = 0")
            h.interrupt(after: 0.05)
            let start = DispatchTime.now()
            h.run(cell)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            XCTAssertGreaterThan(elapsed, 0.05, "the cell must outlast the interrupt for this test to mean anything")
            XCTAssertEqual(h.error?.name, "KeyboardInterrupt", cell)
            XCTAssertEqual(h.eval("after"), "0", "the statement after the interrupted one did not run")
        }
        h.session.interrupt()
        XCTAssertEqual(h.eval("1 + 1"), "2", "an interrupt between cells is dropped")
    }
}
