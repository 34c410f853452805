import XCTest
import Interruption
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// The specialisation pass changes how fast code runs, never what it does: every golden program,
/// and cells that fail inside specialised code, give identical output (text, results, errors
/// with their tracebacks) with the specialisations off and on.
final class DifferentialTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The golden scripts and the benchmark programs.
    static let programs: [URL] = ["Tests/Fixtures/language", "Benchmarks/language"].flatMap { folder -> [URL] in
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".descent") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Cells run one after another in one session; each defines what the next use, and most
    /// fail inside a specialised node (`local ± int`, a test against an int, a call of a global
    /// function, a body of `if`s and `return`s).
    static let cells = [
        "def sign(x):\n    \"\"\"The sign.\"\"\"\n    if x > 0:\n        return 1\n    elif x < 0:\n        return -1\n    else:\n        return 0",
        "[sign(5), sign(-2), sign(0), sign(0.5), sign(-0.5)]",
        "sign(zeros(3))",
        "sign('a')",
        "def nested(a, b):\n    if a:\n        if b:\n            return 3\n        return 2\n    return\nnested(1, 1), nested(1, 0), nested(0, 1)",
        "def ops(a, b):\n    return (a + b, a - b, a * b, a % b, a // b, a / b)\nk = 7\nbig = 9223372036854775807",
        "ops(7, 2), ops(k, -3), ops(-7, 3), ops(big, 1)[0] == big + 1",
        "ops('a', 'b')",
        "k % 0",
        "def ident(x):\n    return x\ndef inc(n):\n    return ident(n + 1)\ndef dec(n):\n    return ident(n - 1)",
        "inc(big) == big + 1, inc(1.5), dec(-9223372036854775807), dec(True)",
        "dec('a')",
        "def loop(n):\n    i = 0\n    while i < n:\n        i += 1\n    return i\nloop(5), loop(2.5)",
        "loop('x')",
        "[i for i in range(10) if i % 3 != 0], [s for s in ['a', '', 'b'] if s], 3 < 4 < 5, 1 < 'a' if False else 0",
        "[t for t in [zeros(2)] if t > 0]",
        "def glob(a, b):\n    return a - b\nglob(7, 2), glob(1.5, 1)",
        "glob(1, 2, 3)",
        "glob(1)",
        "def call(n):\n    return f(n)\nf = abs\ncall(-4)",
        "f = 5\ncall(1)",
        "del f\ncall(1)",
        "def deep(n):\n    return deep(n + 1)\ndeep(0)",
        // `name op= a * b`: tensors in one pass, everything else as two steps.
        "seed(5)\np = randn(64)\ng = randn(64)\nfor k in range(3):\n    p -= 0.37 * g\n    p += g * 1e-3\n    p -= 2 * p\nprint(p.tolist())",
        "n = 3\nn -= 2 * 5\nm = 1.5\nm += 0.5 * 3\nl = [1]\nl += 2 * [3]\nd = randn(4, dtype='float64')\nd -= 0.1 * d\nn, m, l, d.tolist()",
        "p -= 0.5 * randn(1)\np -= 0.5 * randn(2)",
        "w = randn(3, requires_grad=True)\nw -= 0.1 * w",
        "with no_grad():\n    w -= 0.1 * w\nw.tolist()",
        "p -= 'a' * 2",
    ]

    /// Everything a session showed for `run`, with the specialisations given.
    private func transcript(_ specializations: Specializations, _ run: (Harness) -> Void) -> [Output] {
        let h = Harness()
        h.session.specializations = specializations
        run(h)
        return h.outputs
    }

    func testGoldenProgramsRunAlikeWithAndWithoutSpecializations() throws {
        XCTAssertGreaterThanOrEqual(Self.programs.count, 7)
        for url in Self.programs {
            let code = try String(contentsOf: url, encoding: .utf8)
            let generic = transcript([]) { $0.run(code) }
            let specialized = transcript(.all) { $0.run(code) }
            XCTAssertFalse(generic.isEmpty, url.lastPathComponent)
            XCTAssertEqual(generic, specialized, url.lastPathComponent)
        }
    }

    func testCellsThatFailInSpecializedCodeFailAlike() {
        let generic = transcript([]) { h in Self.cells.forEach { h.run($0) } }
        let specialized = transcript(.all) { h in Self.cells.forEach { h.run($0) } }
        XCTAssertEqual(generic.filter { if case .error = $0 { return true } else { return false } }.count, 15)
        XCTAssertEqual(generic.count, specialized.count)
        for (g, s) in zip(generic, specialized) { XCTAssertEqual(g, s) }
    }

    /// `scaledUpdate` does take its one pass (else the cells above would agree trivially): with
    /// it, `p -= 0.5 * g` on a size no buffer pool holds takes no new buffer; without it the
    /// product takes one.
    func testScaledUpdateMakesNoTemporary() {
        func freshBuffers(_ specializations: Specializations) -> Int {
            let h = Harness()
            h.session.specializations = specializations
            h.run("p = zeros(777_777)\ng = ones(777_777)\nh = 0.5 * g")
            let before = Memory.freshBuffers
            h.run("p -= 0.5 * g")
            XCTAssertEqual(h.outputs.count, 0, "\(h.outputs)")
            return Memory.freshBuffers - before
        }
        XCTAssertEqual(freshBuffers(.all), 0)
        XCTAssertEqual(freshBuffers([]), 1)
    }

    /// The pass does choose its nodes (else the runs above would agree trivially), and only
    /// when asked: `fib`'s body, its test, its `n - 1` and its calls.
    func testThePassChoosesSpecializedNodesOnlyWhenOn() throws {
        func nodes(_ specializations: Specializations) throws -> [CompiledExpr] {
            let session = Session()
            session.specializations = specializations
            let source = SourceText(name: "fib", text: "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)")
            let (body, _) = try Parser.parse(source)
            var resolver = Resolver(globals: session.interpreter.globals)
            resolver.resolve(body)
            guard case .def(let decl) = body[0].kind, case .if(let branches, _) = decl.body[0].kind,
                  case .return(let sum?) = decl.body[1].kind, case .binary(_, let call, _) = sum.kind,
                  case .call(_, let args) = call.kind else { throw XCTSkip("unexpected tree") }
            let compiler = Compiler(ip: session.interpreter, source: source, resolver: resolver)
            compiler.scope = try XCTUnwrap(resolver.scopes[decl.id])
            compiler.functionDepth = 1
            return [try compiler.functionBody(decl.body).0, try compiler.expression(branches[0].0),
                    try compiler.expression(call), try compiler.expression(args[0].value)]
        }
        let on = try nodes(.all), off = try nodes([])
        XCTAssert(on[0] is Branch && on[1] is IntCompare && on[2] is GlobalCall && on[3] is LocalPlusInt, "\(on)")
        XCTAssert(off[0] is Evaluate && off[1] is Comparison && off[2] is Call && off[3] is Arithmetic, "\(off)")
    }
}
