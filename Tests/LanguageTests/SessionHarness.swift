import XCTest
@testable import LanguageCore
@testable import LanguageLibrary

/// Runs cells in one session and collects what they show, for assertions.
final class Harness {
    let session = Session()
    var stdout = ""
    var stderr = ""
    var results: [String] = []
    var bundles: [MimeBundle] = []
    var outputs: [Output] = []
    var error: (name: String, value: String, traceback: [String])?

    /// Runs a cell; returns the text of its result (nil when it shows none).
    @discardableResult
    func run(_ code: String) -> String? {
        error = nil
        var result: String?
        let status = session.execute(code) { out in
            self.outputs.append(out)
            switch out {
            case .stream("stdout", let t): self.stdout += t
            case .stream(_, let t): self.stderr += t
            case .result(let b, _):
                result = b.text
                self.bundles.append(b)
                self.results.append(b.text ?? "")
            case .error(let n, let v, let tb): self.error = (n, v, tb)
            default: break
            }
        }
        if case .error = status { XCTAssertNotNil(error) }
        return result
    }

    /// The result of one expression (fails the test on error).
    @discardableResult
    func eval(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let r = run(code)
        if let e = error { XCTFail("\(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))", file: file, line: line) }
        return r
    }

    /// Printed output of a cell (fails the test on error).
    func printed(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        stdout = ""
        run(code)
        if let e = error { XCTFail("\(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))", file: file, line: line) }
        return stdout
    }
}
