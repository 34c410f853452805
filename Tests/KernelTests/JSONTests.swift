import XCTest
import JSON
@testable import Kernel

final class JSONTests: XCTestCase {
    func testParsesEveryKind() throws {
        let value = try JSON(parsing: #" {"a": [1, -2.5e3, true, false, null], "b": "x\ny\u00e9\ud83d\ude00\"\\/"} "#)
        XCTAssertEqual(value["a"], [1, .double(-2500), true, false, nil])
        XCTAssertEqual(value["b"], .string("x\nyé\u{1F600}\"\\/"))
    }

    func testPrintsWhatItParses() throws {
        let value: JSON = ["text": "tab\t\u{01}quote\"", "n": [1, .double(0.5)], "nested": ["x": nil]]
        XCTAssertEqual(try JSON(parsing: value.serialized), value)
        XCTAssertEqual(JSON.string("\u{01}").serializedString, #""\u0001""#)
        XCTAssertEqual(JSON.double(.nan).serializedString, "null")
    }

    func testRejectsMalformedInputWithoutCrashing() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "1 2", "{\"a\":1,}", "\"\\x\"", "\"\u{01}\"", "-", "[1e999]"] {
            XCTAssertThrowsError(try JSON(parsing: text), text)
        }
        XCTAssertThrowsError(try JSON(parsing: String(repeating: "[", count: 100_000)))
        XCTAssertThrowsError(try JSON(parsing: [0xFF, 0xFE]))
    }
}
