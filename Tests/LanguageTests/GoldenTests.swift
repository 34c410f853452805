import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Runs the golden scripts in Tests/Fixtures/language: each `# expect: text` comment is one line
/// the script must print, in order. The Python-compatible scripts are checked against CPython by
/// `check_with_python.py` beside them; the lecture script carries the lecture's numbers.
final class GoldenTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/language")

    func runGolden(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { l -> String? in
            guard let r = l.range(of: "# expect: ") else { return nil }
            return String(l[r.upperBound...])
        }
        let h = Harness()
        let printed = h.printed(text, file: file, line: line)
        let got = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        XCTAssertEqual(got.count, expected.count, "line count", file: file, line: line)
        for (i, (g, e)) in zip(got, expected).enumerated() {
            XCTAssertEqual(g, e, "\(name) output line \(i + 1)", file: file, line: line)
        }
    }

    func testScoping() throws { try runGolden("scoping.descent") }
    func testExpressions() throws { try runGolden("expressions.descent") }
    func testLectureWorkedExample() throws { try runGolden("lecture.descent") }
}
