import JSON
import Foundation
import XCTest
import LanguageCore
@testable import Notebook

final class NotebookRunnerTests: XCTestCase {
    private func notebook(_ sources: [String], tags: [Int: [String]] = [:]) -> Notebook {
        Notebook(cells: sources.enumerated().map { i, s in
            Cell(kind: .code, source: s, id: "c\(i)", tags: tags[i] ?? [])
        })
    }

    private func texts(_ cell: Cell) -> [String] {
        cell.outputs.map { o in
            Cell.joined([o["text"], o["data"]["text/plain"], o["evalue"]].first { $0 != .null })
        }
    }

    func testStreamsMergeAndResultsCarryTheExecutionCount() {
        let report = NotebookRunner().run(notebook(["print('a')\nprint('b')\n1 + 1", "x = 3", "x * 2"]))
        XCTAssertNil(report.failure)
        let cells = report.notebook.cells
        XCTAssertEqual(cells[0].outputs.count, 2)
        XCTAssertEqual(texts(cells[0]), ["a\nb\n", "2"])
        XCTAssertEqual(cells[0].outputs[1]["output_type"], .string("execute_result"))
        XCTAssertEqual(cells[0].outputs[1]["execution_count"], .int(1))
        XCTAssertEqual(cells[1].outputs.count, 0)
        XCTAssertEqual(cells[2].executionCount, 3)
        XCTAssertEqual(texts(cells[2]), ["6"])
    }

    func testFirstFailureStopsTheRunAndNamesCellAndLine() throws {
        let report = NotebookRunner().run(notebook(["lr = 0.1", "a = 1\nprint(lrr)", "print('never')"]))
        let failure = try XCTUnwrap(report.failure)
        XCTAssertEqual(failure.cellNumber, 2)
        XCTAssertEqual(failure.line, 2)
        XCTAssertEqual(failure.name, "NameError")
        XCTAssertEqual(report.cellsRun, 2)
        XCTAssertEqual(report.notebook.cells[1].outputs.first?["output_type"], .string("error"))
        XCTAssertEqual(report.notebook.cells[2].outputs.count, 0)
        XCTAssertNil(report.notebook.cells[2].executionCount)
    }

    func testAllowedErrorsAndRaisesExceptionTagGoOn() {
        let tagged = NotebookRunner().run(notebook(["1 / 0", "'after'"], tags: [0: ["raises-exception"]]))
        XCTAssertNil(tagged.failure)
        XCTAssertEqual(tagged.errorsAllowed, 1)
        XCTAssertEqual(texts(tagged.notebook.cells[1]), ["'after'"])

        let allowed = NotebookRunner(options: RunOptions(allowErrors: true)).run(notebook(["1 / 0", "2"]))
        XCTAssertNil(allowed.failure)
        XCTAssertEqual(texts(allowed.notebook.cells[1]), ["2"])
    }

    func testSkipExecutionCellsAreLeftAlone() {
        let report = NotebookRunner().run(notebook(["1 / 0", "5"], tags: [0: ["skip-execution"]]))
        XCTAssertNil(report.failure)
        XCTAssertNil(report.notebook.cells[0].executionCount)
        XCTAssertEqual(report.notebook.cells[1].executionCount, 1)
    }

    func testParametersAreInjectedAfterTheParametersCell() throws {
        let options = RunOptions(parameters: [try Parameter(argument: "lr=0.5"), try Parameter(argument: "name=adam")])
        let report = NotebookRunner(options: options)
            .run(notebook(["lr = 0.1\nname = 'sgd'", "f'{name} {lr}'"], tags: [0: ["parameters"]]))
        XCTAssertNil(report.failure)
        XCTAssertEqual(report.notebook.cells.count, 3)
        XCTAssertEqual(report.notebook.cells[1].tags, ["injected-parameters"])
        XCTAssertEqual(report.notebook.cells[1].source, "# Parameters\nlr = 0.5\nname = \"adam\"")
        XCTAssertEqual(texts(report.notebook.cells[2]), ["'adam 0.5'"])
    }

    func testParameterLiteralsFollowPapermill() throws {
        XCTAssertEqual(try Parameter(argument: "n=3").literal, "3")
        XCTAssertEqual(try Parameter(argument: "x=1e-3").literal, "1e-3")
        XCTAssertEqual(try Parameter(argument: "b=True").literal, "True")
        XCTAssertEqual(try Parameter(argument: "s=a \"b\"").literal, "\"a \\\"b\\\"\"")
        XCTAssertThrowsError(try Parameter(argument: "novalue"))
        XCTAssertThrowsError(try Parameter(argument: "1x=2"))
    }

    func testTimeoutInterruptsARunawayCell() throws {
        let report = NotebookRunner(options: RunOptions(timeout: 0.3)).run(notebook(["x = 7", "while True:\n    pass", "x"]))
        let failure = try XCTUnwrap(report.failure)
        XCTAssertEqual(failure.cellNumber, 2)
        XCTAssertEqual(failure.name, "TimeoutError")
        XCTAssertLessThan(report.seconds, 5)
    }

    func testCheckFindsChangedTextButIgnoresDurations() throws {
        var stored = NotebookRunner().run(notebook(["print('took 1.5 s')", "1 + 1"])).notebook
        XCTAssertTrue(try OutputComparison.mismatches(stored: stored,
            produced: NotebookRunner().run(notebook(["print('took 20 ms')", "1 + 1"])).notebook).isEmpty)
        stored.cells[1].outputs = NotebookRunner().run(notebook(["1 + 2"])).notebook.cells[0].outputs
        let found = try OutputComparison.mismatches(stored: stored,
            produced: NotebookRunner().run(notebook(["print('took 1.5 s')", "1 + 1"])).notebook)
        XCTAssertEqual(found.map(\.cellNumber), [2])
    }

    func testCheckSkipsCellsTaggedToIgnoreTheirOutput() throws {
        let stored = NotebookRunner().run(notebook(["1 + 1"], tags: [0: ["nbval-ignore-output"]])).notebook
        let produced = NotebookRunner().run(notebook(["1 + 2"], tags: [0: ["nbval-ignore-output"]])).notebook
        XCTAssertTrue(try OutputComparison.mismatches(stored: stored, produced: produced).isEmpty)
    }

    /// JupyterLab copies kernel_info_reply's language_info into the notebook it opens; the
    /// runner writes the same, field for field (the kernel's side is in test_notebook_runner.py).
    func testExecutedNotebookIsNbformatMetadataForDescent() {
        let report = NotebookRunner().run(notebook(["1"]))
        XCTAssertEqual(report.notebook.metadata["kernelspec"]?["name"], .string("descent"))
        XCTAssertEqual(report.notebook.metadata["language_info"], .object(DescentLanguage.languageInfo))
        XCTAssertEqual(Set(DescentLanguage.languageInfo.keys),
                       ["name", "version", "mimetype", "file_extension", "pygments_lexer", "codemirror_mode",
                        "nbconvert_exporter"])
    }

    /// papermill's warnings for a name the parameters cell does not assign, and for a notebook
    /// without a parameters cell; the run itself goes on with the injected value.
    func testUnknownParameterWarnsAsPapermillDoes() throws {
        let options = RunOptions(parameters: [try Parameter(argument: "lr=0.5"), try Parameter(argument: "epoch=3")])
        let tagged = notebook(["lr = 0.1\nepochs = 5\nif lr == 1:\n    hidden = 2\na, b = 1, 2", "lr"],
                              tags: [0: ["parameters"]])
        XCTAssertEqual(NotebookRunner(options: options).parameterWarnings(for: tagged),
                       ["Passed unknown parameter: epoch"])
        XCTAssertEqual(Parameter.names(assignedIn: "lr = 0.1\nepochs=5\nif lr == 1:\n    hidden = 2\na, b = 1, 2\nx == 3\nf(k=1)\nd[0] = 1"),
                       ["lr", "epochs", "a", "b"])
        XCTAssertEqual(NotebookRunner(options: options).parameterWarnings(for: notebook(["lr = 0.1"])),
                       ["Input notebook does not contain a cell with tag 'parameters'"])
        XCTAssertEqual(NotebookRunner().parameterWarnings(for: tagged), [])
        let report = NotebookRunner(options: options).run(tagged)
        XCTAssertNil(report.failure)
        XCTAssertEqual(texts(report.notebook.cells[2]), ["0.5"])
    }
}
