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
        for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "1 2", "{\"a\":1,}", "\"\\x\"", "\"\u{01}\"", "-", "01", "1.", ".5", "1e", "1e+", "-x", "+1", "0x10"] {
            XCTAssertThrowsError(try JSON(parsing: text), text)
        }
        XCTAssertThrowsError(try JSON(parsing: String(repeating: "[", count: 100_000)))
        XCTAssertThrowsError(try JSON(parsing: [0xFF, 0xFE]))
    }

    /// Numbers that Int and Double cannot hold (Python's json reads them as long integers and
    /// infinities) survive a read and a write with their text unchanged.
    func testNumbersBeyondIntAndDoubleKeepTheirText() throws {
        for text in ["123456789012345678901234567890", "-9223372036854775809", "1e400", "-2.5E+999", "1e-400"] {
            let value = try JSON(parsing: "[\(text)]")
            XCTAssertEqual(value, [.number(text)], text)
            XCTAssertEqual(value.serializedString, "[\(text)]")
            XCTAssertEqual(value.pythonLayout(), "[\n \(text)\n]")
        }
        XCTAssertEqual(try JSON(parsing: "9223372036854775807"), .int(Int.max))
        XCTAssertEqual(try JSON(parsing: "0e-400"), .double(0))
        XCTAssertEqual(try JSON(parsing: "-0.0"), .double(-0.0))
        XCTAssertNil(JSON.number("1e400").intValue)
    }

    /// RFC 8259 text is UTF-8: a byte sequence that is not is an error at the string that holds
    /// it, escaped or not, instead of a U+FFFD in place of the user's data.
    func testInvalidUTF8InAStringIsAnError() {
        let cases: [[UInt8]] = [
            Array(#"{"a": ""#.utf8) + [0xC3] + Array(#""}"#.utf8),
            Array(#"["ok", "x"#.utf8) + [0xFF] + Array(#"\n"]"#.utf8),
            Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8),
        ]
        for bytes in cases {
            XCTAssertThrowsError(try JSON(parsing: bytes)) { error in
                XCTAssertEqual((error as? JSONParseError)?.reason, "invalid UTF-8 in a string", "\(bytes)")
            }
        }
        XCTAssertEqual(try JSON(parsing: Array(#"["é😀"]"#.utf8)), ["é😀"])
    }
}
