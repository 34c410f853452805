import XCTest
@testable import LanguageCore
@testable import LanguageLibrary

/// Every construct of LANGUAGE.md section 1, parsed to the tree Python's grammar gives it, and
/// syntax errors at the right line and column.
final class ParserTests: XCTestCase {
    /// XCTest records an error thrown by the parse as this assertion's failure.
    func check(_ code: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(try ASTDump.parse(code), expected, code, file: file, line: line)
    }

    /// The kind, line and column of the syntax error `code` gives.
    func failure(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> (String, String, Int, Int)? {
        do {
            _ = try Parser.parse(SourceText(name: "<test>", text: code))
            XCTFail("\(code) parsed", file: file, line: line)
            return nil
        } catch let e as ScriptError {
            guard let loc = e.location else { return (e.kind, e.message, 0, 0) }
            let x = loc.source.excerpt(loc.span)
            return (e.kind, e.message, x.line, x.column)
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testLiterals() {
        check("3\n0.5\n1e-4\n0x1F\n1_000", "3 0.5 0.0001 31 1000")
        check("'a' \"b\" 'c'", "'abc'")
        check(#"'tab\tq\'\\'"#, "'tab\tq'\\'")
        check("True\nFalse\nNone", "True False None")
        check("[1, 2]\n(1, 2)\n(1,)\n()\n{'lr': 0.1}\n{}", "(list 1 2) (tuple 1 2) (tuple 1) (tuple) (dict 'lr':0.1) (dict)")
        check("'''two\nlines'''", "'two\nlines'")
    }

    func testFStrings() {
        check(#"f"epoch {i}: loss {l:.4f}""#, "(f 'epoch ' {i} ': loss ' {l:'.4f'})")
        check(#"f"{x!r:>{w}} {{x}}""#, "(f {x!r:'>'{w}} ' {x}')")
        check(#"f"{d['k'] + 1}""#, "(f {(+ (index d 'k') 1)})")
    }

    func testPrecedence() {
        check("a or b and not c", "(or a (and b (not c)))")
        check("1 + 2 * 3 - 4 / 5 // 6 % 7", "(- (+ 1 (* 2 3)) (% (// (/ 4 5) 6) 7))")
        check("-x ** 2", "(- (** x 2))")
        check("2 ** 3 ** 2", "(** 2 (** 3 2))")
        check("a @ b + c", "(+ (@ a b) c)")
        check("-2", "-2")
        check("not a == b", "(not (cmp a == b))")
        check("0 < x < 1", "(cmp 0 < x < 1)")
        check("a in b not in c is d is not e != f", "(cmp a in b not in c is d is not e != f)")
    }

    func testCallsIndexingAttributes() {
        check("f(1, x, lr=0.1, *a, **k)", "(call f 1 x lr=0.1 *a **k)")
        check("net[0].weight.grad", "(. (. (index net 0) weight) grad)")
        check("x[:, 1:3]", "(index x (tuple (slice _ _ _) (slice 1 3 _)))")
        check("x[-1]\nx[::2]\nx[..., None]", "(index x -1) (index x (slice _ _ 2)) (index x (tuple ... None))")
        check("sum(x * x for x in xs)", "(call sum (listcomp (* x x) for x in xs))")
        check("a.b(c)(d)", "(call (call (. a b) c) d)")
    }

    func testConditionalLambdaComprehension() {
        check("a if c else b", "(ifexp c a b)")
        check("lambda x, y=1: x + y", "(lambda (x y=1) [(return (+ x y))])")
        check("lambda: 0", "(lambda () [(return 0)])")
        check("[f(x) for x in xs if p(x)]", "(listcomp (call f x) for x in xs if (call p x))")
        check("[x for a, b in ps for x in a]", "(listcomp x for (tuple a b) in ps for x in a)")
        check("{k: v for k, v in d.items()}", "(dictcomp k:v for (tuple k v) in (call (. d items)))")
    }

    func testAssignments() {
        check("x = 1", "(= x 1)")
        check("a, b = pair", "(= (tuple a b) pair)")
        check("a = b = 0", "(= a b 0)")
        check("x[i] = v\nnet.lr = 0.1", "(= (index x i) v) (= (. net lr) 0.1)")
        check("w -= lr * g\nx += 1\ny *= 2\nz /= 3", "(-= w (* lr g)) (+= x 1) (*= y 2) (/= z 3)")
        check("a, b = b, a", "(= (tuple a b) (tuple b a))")
    }

    func testCompoundStatements() {
        check("if a:\n    x\nelif b:\n    y\nelse:\n    z", "(if a [x] b [y] else [z])")
        check("while n > 0:\n    n -= 1\n    if n == 3: break\n    continue", "(while (cmp n > 0) [(-= n 1) (if (cmp n == 3) [break]) continue])")
        check("for i in range(3):\n    pass", "(for i (call range 3) [pass])")
        check("for i, (a, b) in enumerate(ps):\n    pass", "(for (tuple i (tuple a b)) (call enumerate ps) [pass])")
        check("def f(a, b=2, *rest, **kw):\n    '''doc'''\n    return a", "(def f (a b=2 *rest **kw) ['doc' (return a)])")
        check("def g():\n    return", "(def g () [(return)])")
        check("assert x > 0, 'positive'\ndel a, b[0]", "(assert (cmp x > 0) 'positive') (del a (index b 0))")
        check("with no_grad():\n    w -= 1", "(with (call no_grad) [(-= w 1)])")
        check("x = 1; y = 2; x;", "(= x 1) (= y 2) (expr; x)")
    }

    func testLineStructure() {
        check("x = (1 +\n     2)\ny = [\n  1,\n  2,\n]", "(= x (+ 1 2)) (= y (list 1 2))")
        check("x = 1 + \\\n    2", "(= x (+ 1 2))")
        check("# comment\n\nif a:  # trailing\n\n    # inside\n    b\n", "(if a [b])")
        check("if a:\n\tb\n\tc", "(if a [b c])")
        check("def f():\n    if a:\n        return 1\n    return 2\nx", "(def f () [(if a [(return 1)]) (return 2)]) x")
    }

    func testErrorPositions() {
        XCTAssertTrue(failure("x = = 3")! == ("SyntaxError", "invalid syntax", 1, 5))
        let unclosed = failure("y = 1\nf(1,\n  2")!
        XCTAssertEqual(unclosed.0, "SyntaxError")
        XCTAssertEqual(unclosed.1, "'(' was never closed")
        XCTAssertEqual(unclosed.2, 2)
        XCTAssertEqual(unclosed.3, 2)
        XCTAssertTrue(failure("if x:\n\tpass\n        pass") != nil)
        let mixed = failure("if x:\n \tpass")!
        XCTAssertEqual(mixed.0, "TabError")
        XCTAssertEqual(mixed.2, 2)
        let dedent = failure("if x:\n    a\n  b")!
        XCTAssertEqual(dedent.0, "IndentationError")
        XCTAssertEqual(dedent.1, "unindent does not match any outer indentation level")
        XCTAssertEqual(dedent.2, 3)
        let block = failure("for i in x:\nprint(i)")!
        XCTAssertEqual(block.0, "IndentationError")
        XCTAssertEqual(block.1, "expected an indented block after 'for' on line 1")
        XCTAssertEqual(block.2, 2)
        let indent = failure("x = 1\n    y = 2")!
        XCTAssertEqual(indent.0, "IndentationError")
        XCTAssertEqual(indent.1, "unexpected indent")
        let string = failure("s = 'abc")!
        XCTAssertEqual(string.1, "unterminated string literal")
        XCTAssertEqual(string.3, 5)
        XCTAssertEqual(failure("class A: pass")!.1, "classes are not part of Descent")
        XCTAssertEqual(failure("import numpy")!.1, "imports are not part of Descent: every library name is built in")
        XCTAssertEqual(failure("try:\n    x\nexcept:\n    y")!.1, "exceptions cannot be caught in Descent")
        XCTAssertEqual(failure("f() = 3")!.1, "cannot assign to function call")
        XCTAssertEqual(failure("1 + 2 = x")!.1, "cannot assign to expression")
        XCTAssertEqual(failure("f(a=1, 2)")!.1, "positional argument follows keyword argument")
        XCTAssertEqual(failure("x = 3 $ 4")!.1, "invalid character '$'")
        XCTAssertEqual(failure("f'{'")!.1, "f-string: expecting '}'")
        let deep = failure(String(repeating: "(", count: 500) + String(repeating: ")", count: 500))!
        XCTAssertTrue(deep.1.hasPrefix("too many nested"))
    }
}
