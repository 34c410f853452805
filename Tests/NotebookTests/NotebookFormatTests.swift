import JSON
import Foundation
import XCTest
@testable import Notebook

/// The reader and writer against notebooks written by nbformat itself
/// (Tests/Fixtures/notebook/make_fixtures.py).
final class NotebookFormatTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/notebook")

    func testRoundTripIsByteIdenticalToNbformat() throws {
        let url = Self.fixtures.appendingPathComponent("roundtrip.ipynb")
        let original = try String(contentsOf: url, encoding: .utf8)
        let notebook = try Notebook(contentsOf: url)
        XCTAssertEqual(notebook.serialized(), original)
    }

    func testTypedAccessToCells() throws {
        let notebook = try Notebook(contentsOf: Self.fixtures.appendingPathComponent("roundtrip.ipynb"))
        XCTAssertEqual(notebook.cells.map(\.kind), [.markdown, .code, .code])
        XCTAssertEqual(notebook.cells[1].source, "x = 1\nx + 1")
        XCTAssertEqual(notebook.cells[1].executionCount, 1)
        XCTAssertEqual(notebook.cells[2].tags, ["parameters"])
    }

    func testNotJSONIsAClearError() {
        XCTAssertThrowsError(try Notebook(data: Data("{not json".utf8), name: "bad.ipynb")) { error in
            XCTAssertEqual("\(error)", "bad.ipynb: not a notebook: the file is not valid JSON")
        }
    }

    func testOtherMajorVersionIsRefused() {
        let v3 = Data(#"{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}"#.utf8)
        XCTAssertThrowsError(try Notebook(data: v3, name: "old.ipynb")) { error in
            XCTAssertEqual("\(error)", "old.ipynb: nbformat 3 is not supported; Descent reads nbformat 4")
        }
    }

    func testCellsWithoutIdsGetUniqueIdsAndMinorFive() throws {
        let v44 = Data(#"""
        {"cells": [{"cell_type": "code", "metadata": {}, "source": "1", "outputs": [], "execution_count": null},
                   {"cell_type": "markdown", "metadata": {}, "source": ["a\n", "b"]}],
         "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
        """#.utf8)
        let notebook = try Notebook(data: v44, name: "v44.ipynb")
        let ids = notebook.cells.compactMap(\.id)
        XCTAssertEqual(ids.count, 2)
        XCTAssertNotEqual(ids[0], ids[1])
        XCTAssertTrue(ids.allSatisfy { $0.range(of: "^[a-f0-9]{8}$", options: .regularExpression) != nil })
        XCTAssertEqual(notebook.fields["nbformat_minor"], .int(5))
        XCTAssertEqual(notebook.cells[1].source, "a\nb")
    }

    func testSplitLinesKeepsNewlinesLikePython() {
        XCTAssertEqual(Cell.splitLines("a\nb\n"), .array([.string("a\n"), .string("b\n")]))
        XCTAssertEqual(Cell.splitLines(""), .array([]))
        XCTAssertEqual(Cell.splitLines("x"), .array([.string("x")]))
    }

    func testWriteIsAtomicAndLeavesNoTemporaryFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbtest-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let notebook = Notebook(cells: [Cell(kind: .code, source: "1 + 1", id: "abc")])
        let url = dir.appendingPathComponent("out.ipynb")
        try notebook.write(to: url)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["out.ipynb"])
        XCTAssertEqual(try Notebook(contentsOf: url).cells.first?.source, "1 + 1")
    }
}
