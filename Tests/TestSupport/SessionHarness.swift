import LanguageCore
import LanguageLibrary
import Interruption
import XCTest

/// Runs cells in one session and collects what they show, for assertions.
public final class Harness {
    public let session = Session()
    public var stdout = ""
    public var stderr = ""
    public var results: [String] = []
    public var bundles: [MimeBundle] = []
    public var outputs: [Output] = []
    public var error: (name: String, value: String, traceback: [String])?

    public init() {}

    /// Interrupts the session `seconds` from now, from another thread, as a front end does.
    /// The request is the process's one flag (`Session.interrupt` sets it), so the other thread
    /// needs nothing of this harness, which is not Sendable.
    public func interrupt(after seconds: Double) {
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { Interrupt.request() }
    }

    /// Runs a cell; returns the text of its result (nil when it shows none).
    @discardableResult
    public func run(_ code: String) -> String? {
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
    public func eval(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let r = run(code)
        if let e = error { XCTFail("\(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))", file: file, line: line) }
        return r
    }

    /// Printed output of a cell (fails the test on error).
    public func printed(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        stdout = ""
        run(code)
        if let e = error { XCTFail("\(e.name): \(e.value)\n\(e.traceback.joined(separator: "\n"))", file: file, line: line) }
        return stdout
    }
}

extension Harness {
    /// Evaluates an expression and returns its number (fails the test when it is not one).
    public func number(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        guard let text = eval(code, file: file, line: line), let d = Double(text) else {
            XCTFail("\(code) did not give a number", file: file, line: line)
            return .nan
        }
        return d
    }

    /// Runs code that must fail; returns the error's kind and message.
    public func failure(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> (name: String, value: String) {
        run(code)
        guard let e = error else {
            XCTFail("\(code) did not fail", file: file, line: line)
            return ("", "")
        }
        return (e.name, e.value)
    }
}
