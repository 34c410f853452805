import XCTest
@testable import Language

final class SmokeTests: XCTestCase {
    func testBasics() {
        let h = Harness()
        XCTAssertEqual(h.eval("1 + 2"), "3")
        XCTAssertEqual(h.printed("def fib(n):\n    if n < 2:\n        return n\n    return fib(n-1) + fib(n-2)\nprint(fib(20))"), "6765\n")
        XCTAssertEqual(h.eval("[x*x for x in range(5) if x % 2 == 0]"), "[0, 4, 16]")
        XCTAssertEqual(h.eval("f'{3.14159:.2f} {\"a\"!r}'"), "'3.14 \\'a\\''")
        h.run("lr = 0.1\nlrr")
        XCTAssertEqual(h.error?.name, "NameError")
        print(h.error?.traceback.joined(separator: "\n") ?? "")
        XCTAssertEqual(h.eval("t = tensor([[1, 2], [3, 4]])\nt @ t"), "x")
    }
}
