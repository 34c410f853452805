import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Semantics the golden scripts do not show directly: scopes, closures, evaluation order.
final class InterpreterTests: XCTestCase {
    let h = Harness()

    func testComprehensionVariablesDoNotLeak() {
        h.eval("i = 'outer'\nsquares = [i * i for i in range(3)]")
        XCTAssertEqual(h.eval("i, squares"), "('outer', [0, 1, 4])")
        XCTAssertEqual(h.eval("def f(n):\n    return [[j for j in range(k)] for k in range(n)]\nf(3)"), "[[], [0], [0, 1]]")
    }

    func testClosuresShareTheVariableNotTheValue() {
        XCTAssertEqual(h.eval("def make():\n    fs = []\n    for i in range(3):\n        fs.append(lambda: i)\n    return [f() for f in fs]\nmake()"), "[2, 2, 2]")
        XCTAssertEqual(h.eval("def counter():\n    n = 0\n    def get():\n        return n\n    n = 5\n    return get\ncounter()()"), "5")
        XCTAssertEqual(h.eval("fs = [lambda x: x + k for k in range(3)]\n[f(10) for f in fs]"), "[12, 12, 12]")
    }

    func testAssignmentInAFunctionMakesTheNameLocal() {
        h.eval("g = 1\ndef f():\n    g = 2\n    return g")
        XCTAssertEqual(h.eval("f(), g"), "(2, 1)")
    }

    func testChainedComparisonEvaluatesEachOperandOnce() {
        XCTAssertEqual(h.printed("def mid():\n    print('mid')\n    return 5\nprint(1 < mid() < 10)"), "mid\nTrue\n")
        XCTAssertEqual(h.printed("print(3 < mid() < 4)"), "mid\nFalse\n")
        XCTAssertEqual(h.printed("print(9 < 1 < mid())"), "False\n")
    }

    func testShortCircuit() {
        XCTAssertEqual(h.printed("def loud(v):\n    print('called')\n    return v\nprint(False and loud(1), True or loud(2), None or loud(3))"), "called\nFalse True 3\n")
    }

    func testArgumentsAreEvaluatedLeftToRight() {
        XCTAssertEqual(h.printed("def f(*a, **k):\n    return a, k\nprint(f(print('a'), b=print('b')))"), "a\nb\n((None,), {'b': None})\n")
    }

    func testDelRestoresABuiltinAndForgetsAUserName() {
        XCTAssertEqual(h.eval("len = 5\ndel len\nlen([1, 2])"), "2")
        h.run("v = 1\ndel v\nv")
        XCTAssertEqual(h.error?.name, "NameError")
    }

    func testListsAreSharedAndUpdatedInPlace() {
        XCTAssertEqual(h.eval("a = [1]\nb = a\nb += [2]\nb.append(3)\na"), "[1, 2, 3]")
        XCTAssertEqual(h.eval("t = (1, 2)\nu = t\nu += (3,)\nt, u"), "((1, 2), (1, 2, 3))")
    }

    func testTensorAugmentedAssignmentKeepsIdentity() {
        XCTAssertEqual(h.eval("w = zeros(2)\nalias = w\nw += 1\nw *= 3\nalias.tolist()"), "[3.0, 3.0]")
    }

    func testRecursionDepthNearTheLimitWorksInEveryCell() {
        for _ in 0..<3 {
            h.run("def deep(n):\n    return deep(n + 1)\ndeep(0)")
            XCTAssertEqual(h.error?.name, "RecursionError")
        }
        XCTAssertEqual(h.eval("def count(n):\n    return 0 if n == 0 else 1 + count(n - 1)\ncount(990)"), "990")
    }

    /// Expected values from CPython 3.11 running the same code.
    func testACallSiteFollowsItsGlobalNameAcrossRebinding() {
        h.eval("def call(n):\n    return f(n)\nout = []\nfor k in range(3):\n    def f(n):\n        return n * 10 + k\n    out.append(call(k))")
        XCTAssertEqual(h.eval("out"), "[0, 11, 22]")
        XCTAssertEqual(h.eval("f = abs\ncall(-4)"), "4")
        XCTAssertEqual(h.eval("f = lambda a, b=2: a * b\ncall(5)"), "10")
        h.run("f = 5\ncall(1)")
        XCTAssertEqual(h.error?.value, "'int' object is not callable")
        h.run("del f\ncall(1)")
        XCTAssertEqual(h.error?.name, "NameError")
        XCTAssertEqual(h.eval("def f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\ncall(20)"), "6765")
    }

    /// Bodies made only of `if`s and `return`s are compiled as one expression.
    func testFunctionsThatOnlyReturn() {
        h.eval("def sign(x):\n    \"\"\"The sign.\"\"\"\n    if x > 0:\n        return 1\n    elif x < 0:\n        return -1\n    else:\n        return 0")
        XCTAssertEqual(h.eval("[sign(5), sign(-2), sign(0), sign(0.5), sign(-0.5)]"), "[1, -1, 0, 1, -1]")
        h.eval("def nested(a, b):\n    if a:\n        if b:\n            return 3\n        return 2\n    return")
        XCTAssertEqual(h.eval("nested(1, 1), nested(1, 0), nested(0, 1)"), "(3, 2, None)")
        h.eval("def partial(x):\n    if x:\n        return 'yes'")
        XCTAssertEqual(h.eval("partial(1), partial(0)"), "('yes', None)")
    }

    func testTwoArgumentCallsOfEveryKindOfCallee() {
        h.eval("def outer(x):\n    def add(a, b):\n        return a + b\n    return add(x, 10), max(x, 3), (lambda a, b: a * b)(x, 2)\ndef glob(a, b):\n    return a - b")
        XCTAssertEqual(h.eval("outer(5), glob(7, 2)"), "((15, 5, 10), 5)")
        h.run("glob(1, 2, 3)")
        XCTAssertEqual(h.error?.name, "TypeError")
    }

    /// Expected values from CPython 3.11, except int overflow, which becomes a float in Descent.
    func testArithmeticOnEveryOperandKind() {
        h.eval("def ops(a, b):\n    return (a + b, a - b, a * b, a % b, a // b, a / b)\nk = 7")
        XCTAssertEqual(h.eval("ops(7, 2), ops(k, -3), ops(-7, 3)"), "((9, 5, 14, 1, 3, 3.5), (4, 10, -21, -2, -3, -2.3333333333333335), (-4, -10, -21, 2, -3, -2.3333333333333335))")
        XCTAssertEqual(h.eval("(1 + 2.5, 7.5 % 2, 'a' + 'b', [1] + [2], 3 * 'ab', k * 2 - 1)"), "(3.5, 1.5, 'ab', [1, 2], 'ababab', 13)")
        XCTAssertEqual(h.eval("9223372036854775807 + 1 == 2.0 ** 63"), "True")
        h.run("k % 0")
        XCTAssertEqual(h.error?.name, "ZeroDivisionError")
        h.run("k + 'a'")
        XCTAssertEqual(h.error?.name, "TypeError")
    }

    /// A global that held a running function, rebound while calls run (here by a built-in that
    /// stores like function code would), keeps that function alive until a statement of
    /// module-level code stores a global: the unretained table cannot dangle.
    func testRebindingAGlobalFunctionWhileItRunsKeepsItAlive() throws {
        let globals = h.session.interpreter.globals
        weak var replaced: Function?
        var aliveAfterStore: Bool?
        globals.defineBuiltin("rebind", .builtin(Builtin("rebind", "", "") { _ in
            let g = globals.index("f")
            if case .function(let old)? = globals.values[g] { replaced = old }
            globals.store(g, .int(0))
            aliveAfterStore = replaced != nil
            return .none
        }))
        XCTAssertEqual(h.eval("def f(n):\n    rebind()\n    s = 'still running'\n    return s, n + 1\nf(1)"), "('still running', 2)")
        XCTAssertEqual(aliveAfterStore, true)
        XCTAssertEqual(h.eval("f"), "0")
        h.eval("x = 1")
        XCTAssertNil(replaced, "freed once no call runs")
    }

    func testLocalPlusConstantArgumentsKeepTheirSemantics() {
        h.eval("def ident(x):\n    return x\ndef inc(n):\n    return ident(n + 1)\ndef dec(n):\n    return ident(n - 1)\nbig = 9223372036854775807")
        XCTAssertEqual(h.eval("inc(big) == big + 1, inc(1.5), dec(-9223372036854775807), dec(True)"), "(True, 2.5, -9223372036854775808, 0)")
        h.run("dec('a')")
        XCTAssertEqual(h.error?.name, "TypeError")
    }

    func testRangesInComprehensionsAndLoops() {
        XCTAssertEqual(h.eval("[i for i in range(10, 0, -3)], [i for i in range(0)], [i for i in range(5, 5)], [i for i in range(0, 10, 4)], [i for i in range(3, 0)]"),
                       "([10, 7, 4, 1], [], [], [0, 4, 8], [])")
        XCTAssertEqual(h.eval("[i % 3 for i in range(-5, 5)], [i % -3 for i in range(-3, 4)]"),
                       "([1, 2, 0, 1, 2, 0, 1, 2, 0, 1], [0, -2, -1, 0, -2, -1, 0])")
        XCTAssertEqual(h.eval("{i: i * i for i in range(4, -4, -2) if i != 0}"), "{4: 16, 2: 4, -2: 4}")
        XCTAssertEqual(h.eval("[(i, j) for i in range(3) for j in range(i, 0, -1) if (i + j) % 2 == 1]"), "[(2, 1)]")
        XCTAssertEqual(h.eval("out = []\nfor i in range(6, -7, -4):\n    out.append(i)\nout"), "[6, 2, -2, -6]")
    }

    func testRangeEndingNearTheLargestIntStops() {
        XCTAssertEqual(h.eval("[i for i in range(9223372036854775805, 9223372036854775807, 2)]"), "[9223372036854775805]")
    }

    func testTestsAgainstIntConstantsWithOtherTypes() {
        XCTAssertEqual(h.eval("x = 1.5\nr = []\nif x < 2:\n    r.append('small')\nn = 0\nwhile n < 3:\n    n += 1\nr, n"), "(['small'], 3)")
        XCTAssertEqual(h.eval("[s for s in ['a', '', 'b'] if s]"), "['a', 'b']")
    }

    func testIntegerOverflowBecomesFloat() {
        XCTAssertEqual(h.eval("2 ** 64"), "1.8446744073709552e+19")
    }

    func testFunctionsDefinedInOneCellSeeLaterGlobals() {
        h.eval("def use():\n    return later + 1")
        h.eval("later = 41")
        XCTAssertEqual(h.eval("use()"), "42")
    }

    func testStringEscapesAndFormats() {
        XCTAssertEqual(h.eval("len('a\\tb\\n'), '\\x41\\u00e9', f'{\"q\"}'"), "(4, 'Aé', 'q')")
        XCTAssertEqual(h.eval("f'{1/3:.3} {12345.678:,.1f} {0.000012:.2e} {7:>4} {\"ab\":*<5}'"), "'0.333 12,345.7 1.20e-05    7 ab***'")
    }

    /// The literal text of an f-string decodes escapes as any string does (it missed `\x`, `\u`,
    /// `\a`... before: `f"\x41"` was `'\\x41'`); CPython 3.11 prints the reprs below.
    func testFStringEscapesAreThoseOfStrings() {
        XCTAssertEqual(h.eval("f'\\x41'"), "'A'")
        XCTAssertEqual(h.eval("f'\\x41\\u00e9\\a\\v{1}\\t'"), "'Aé\\x07\\x0b1\\t'")
        XCTAssertEqual(h.eval("f'\\x41{2:>{3}}\\U0001F600' == '\\x41  2\\U0001F600'"), "True")
        XCTAssertEqual(h.eval("rf'\\x41{1}'"), "'\\\\x411'")
    }
}
