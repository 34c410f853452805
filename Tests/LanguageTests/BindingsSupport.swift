import Foundation
import XCTest
@testable import LanguageCore
@testable import LanguageLibrary

/// Helpers of the Bindings tests: fixtures, PNG sizes, a scratch directory.
enum BindingsSupport {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/bindings")

    /// A fresh directory for files a test writes.
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("descent-bind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Width and height from a PNG's IHDR chunk, nil when the bytes are not a PNG.
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let b = [UInt8](data)
        guard b.count > 24, b[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], String(decoding: b[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func be(_ i: Int) -> Int { b[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }
}

extension Harness {
    /// Evaluates an expression and returns its number (fails the test when it is not one).
    func number(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        guard let text = eval(code, file: file, line: line), let d = Double(text) else {
            XCTFail("\(code) did not give a number", file: file, line: line)
            return .nan
        }
        return d
    }

    /// Runs code that must fail; returns the error's kind and message.
    func failure(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> (name: String, value: String) {
        run(code)
        guard let e = error else {
            XCTFail("\(code) did not fail", file: file, line: line)
            return ("", "")
        }
        return (e.name, e.value)
    }
}
