import Foundation
import JSON
import TestSupport
import XCTest
@testable import Notebook

/// The reader and writer against notebooks written by nbformat itself
/// (Tests/Fixtures/notebook/make_fixtures.py).
final class NotebookFormatTests: XCTestCase {
    static let fixtures = FixtureFolder("notebook").directory

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
            XCTAssertEqual("\(error)", "bad.ipynb: not a notebook: the file is not valid JSON (invalid JSON at byte 1: expected a key)")
        }
    }

    /// Invalid UTF-8 is an error naming the file and the place, not text with U+FFFD in it.
    func testInvalidUTF8IsAnErrorNamingTheFile() {
        let bytes = Array(#"{"cells": [], "metadata": {"author": "Ren"#.utf8) + [0xE9] + Array(#""}, "nbformat": 4, "nbformat_minor": 5}"#.utf8)
        XCTAssertThrowsError(try Notebook(data: Data(bytes), name: "latin1.ipynb")) { error in
            XCTAssertEqual("\(error)", "latin1.ipynb: not a notebook: the file is not valid JSON (invalid JSON at byte 38: invalid UTF-8 in a string)")
        }
    }

    /// Numbers Python's json keeps (long integers) or that only their text can hold (1e400)
    /// come out of a read and a write as they went in.
    func testBigNumbersInMetadataRoundTrip() throws {
        let text = #"""
        {
         "cells": [],
         "metadata": {
          "huge": 1e400,
          "id": 123456789012345678901234567890,
          "tiny": -1e-400,
          "usual": [
           1,
           0.5,
           -2.5e-07
          ]
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """#
        XCTAssertEqual(try Notebook(data: Data(text.utf8), name: "n.ipynb").serialized(), text)
    }

    /// `--inplace` on a 0600 file keeps it 0600, and on a symbolic link writes the link's target
    /// and leaves the link a link.
    func testWriteKeepsModeAndWritesThroughSymlinks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbmode-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("real"), withIntermediateDirectories: true)
        let target = dir.appendingPathComponent("real/nb.ipynb")
        let link = dir.appendingPathComponent("link.ipynb")
        try Notebook(cells: [Cell(kind: .code, source: "1", id: "a")]).write(to: target)
        XCTAssertEqual(chmod(target.path, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real/nb.ipynb")
        try Notebook(cells: [Cell(kind: .code, source: "2", id: "a")]).write(to: link)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link.path), "real/nb.ipynb")
        XCTAssertEqual(try Notebook(contentsOf: target).cells.first?.source, "2")
        let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("real").path), ["nb.ipynb"])
    }

    /// A temporary file left by a writer that was killed (its process is gone) is removed by
    /// the next write; one of a live writer, and other files, are left alone.
    func testWriteRemovesTemporariesOfDeadWriters() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbstale-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let stale = ".out.ipynb.\(dead.processIdentifier).tmp"
        let live = ".out.ipynb.\(getppid()).tmp"
        let others = [".other.ipynb.\(dead.processIdentifier).tmp", ".out.ipynb.x.tmp"]
        for name in [stale, live] + others {
            XCTAssertTrue(FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("{".utf8)))
        }
        try Notebook(cells: []).write(to: dir.appendingPathComponent("out.ipynb"))
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)),
                       Set(["out.ipynb", live] + others))
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
