import JSON
import Foundation
import XCTest
import LanguageCore
@testable import Notebook

/// How outputs accumulate in a cell, as Jupyter front ends show them.
final class CellOutputsTests: XCTestCase {
    func testDisplayUpdateReplacesInPlace() {
        var outputs = CellOutputs(executionCount: 1)
        outputs.append(.display(MimeBundle(text: "epoch 1"), id: "bar"))
        outputs.append(.stream(name: "stdout", text: "x"))
        outputs.append(.updateDisplay(MimeBundle(text: "epoch 2"), id: "bar"))
        XCTAssertEqual(outputs.outputs.count, 2)
        XCTAssertEqual(outputs.outputs[0]["data"]["text/plain"], .array([.string("epoch 2")]))
        XCTAssertEqual(outputs.outputs[0]["output_type"], .string("display_data"))
    }

    func testClearWaitsForTheNextOutput() {
        var outputs = CellOutputs(executionCount: 1)
        outputs.append(.stream(name: "stdout", text: "old\n"))
        outputs.append(.clear(wait: true))
        XCTAssertEqual(outputs.outputs.count, 1)
        outputs.append(.stream(name: "stdout", text: "new\n"))
        XCTAssertEqual(outputs.outputs.count, 1)
        XCTAssertEqual(outputs.outputs[0]["text"], .array([.string("new\n")]))
        outputs.append(.clear(wait: false))
        XCTAssertEqual(outputs.outputs.count, 0)
    }

    func testStreamsMergeOnlyWithTheSameStream() {
        var outputs = CellOutputs(executionCount: nil)
        outputs.append(.stream(name: "stdout", text: "a\n"))
        outputs.append(.stream(name: "stdout", text: "b"))
        outputs.append(.stream(name: "stderr", text: "warn\n"))
        outputs.append(.stream(name: "stdout", text: "c\n"))
        XCTAssertEqual(outputs.outputs.count, 3)
        XCTAssertEqual(outputs.outputs[0]["text"], .array([.string("a\n"), .string("b")]))
    }

    /// Appending to a stream costs the appended text, not the whole text so far: 200,000
    /// prints take well under a second here, where re-joining the lines on every print took
    /// minutes for 40,000.
    func testManyPrintsMergeInLinearTime() {
        var outputs = CellOutputs(executionCount: 1)
        let start = Date()
        for i in 0..<200_000 { outputs.append(.stream(name: "stdout", text: "\(i)\n")) }
        let merged = outputs.outputs
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(merged.count, 1)
        let lines = merged[0]["text"].arrayValue ?? []
        XCTAssertEqual(lines.count, 200_000)
        XCTAssertEqual(lines.last, .string("199999\n"))
    }

    func testPNGIsBase64WithRetinaMetadata() {
        var outputs = CellOutputs(executionCount: 2)
        let bundle = MimeBundle(data: ["image/png": .binary(Data([0x89, 0x50])), "text/plain": .text("<Figure>")],
                                metadata: ["image/png": ["width": 640, "height": 400]])
        outputs.append(.result(bundle, executionCount: 2))
        let out = outputs.outputs[0]
        XCTAssertEqual(out["data"]["image/png"], .string("iVA="))
        XCTAssertEqual(out["metadata"]["image/png"]["width"], .int(640))
        XCTAssertEqual(out["execution_count"], .int(2))
    }
}
