import JSON
import XCTest
@testable import Notebook

/// `--check`'s comparison: numbers within a relative tolerance, integers and all other text
/// exactly.
final class OutputComparisonTests: XCTestCase {
    private func agree(_ a: String, _ b: String, rtol: Double = OutputComparison.defaultRelativeTolerance) -> Bool {
        OutputComparison.difference(stored: a, produced: b, relativeTolerance: rtol) == nil
    }

    func testNumbersWithinTheToleranceAgree() {
        XCTAssertTrue(agree("loss 0.2392", "loss 0.2393"))  // 4.2e-4
        XCTAssertTrue(agree("val 1.0362, 3.94e+07", "val 1.0365, 3.941e+07"))
        XCTAssertTrue(agree("x = -0.0071", "x = -0.00710"))
        XCTAssertTrue(agree("f = 5.37e-29", "f = 5.37E-29"))
        XCTAssertTrue(agree("0.0 and -0.000000", "0 and 0.000000"))
        XCTAssertTrue(agree("accuracy 1", "accuracy 0.9999"))  // a float printed with %g
    }

    func testNumbersOutsideTheToleranceDiffer() {
        XCTAssertFalse(agree("loss 3.94e+07 -> 3.6e-05", "loss 3.94e+07 -> 3.5e-05"))
        XCTAssertEqual(OutputComparison.difference(stored: "-> 3.6e-05", produced: "-> 3.5e-05", relativeTolerance: 1e-3),
                       "stored 3.6e-05, produced 3.5e-05 (relative difference 0.028 > rtol 0.001)")
        XCTAssertFalse(agree("0.2392", "0.2402"))
        XCTAssertFalse(agree("1.5", "-1.5"))
        XCTAssertFalse(agree("0.0", "1e-30"))
        XCTAssertFalse(agree("1e-5", "1e+5"))
        XCTAssertTrue(agree("3.6e-05", "3.5e-05", rtol: 0.05))
        XCTAssertFalse(agree("3.6e-05", "3.5e-05", rtol: 0))
    }

    func testIntegersMustBeEqual() {
        XCTAssertFalse(agree("12 trials, 6400 updates", "12 trials, 6401 updates"))
        XCTAssertFalse(agree("epoch 5", "epoch 6", rtol: 0.5))
        XCTAssertTrue(agree("12 trials", "12 trials"))
        XCTAssertEqual(OutputComparison.difference(stored: "6400 updates", produced: "6401 updates", relativeTolerance: 1e-3),
                       "stored 6400, produced 6401 (integers must be equal)")
    }

    func testTextOutsideNumbersIsExact() {
        XCTAssertFalse(agree("loss 0.5", "Loss 0.5"))
        XCTAssertFalse(agree("loss 0.5\n", "loss 0.5"))
        XCTAssertFalse(agree("a 1.0 b", "a 1.0 b 2.0"))
        XCTAssertFalse(agree("nan", "inf"))
        XCTAssertFalse(agree("0.5 1", "0.5, 1"))
        XCTAssertEqual(OutputComparison.difference(stored: "ok 0.5", produced: "OK 0.5", relativeTolerance: 1e-3),
                       #"stored "ok ", produced "OK ""#)
        XCTAssertEqual(OutputComparison.difference(stored: "a 1.0", produced: "a 1.0 b", relativeTolerance: 1e-3),
                       #"the produced text goes on with " b""#)
    }

    /// Digits inside words and dotted versions are text: `v1.2` against `v1.2001` is a change.
    func testNumbersInsideTokensAreText() {
        XCTAssertFalse(agree("Descent v1.2", "Descent v1.2001"))
        XCTAssertFalse(agree("version 1.0.2", "version 1.0.3"))
        XCTAssertFalse(agree("x86_64", "x86_65"))
        XCTAssertFalse(agree("cell10", "cell11"))
        XCTAssertFalse(agree("0x10", "0x11"))
        XCTAssertEqual(OutputComparison.pieces(of: "v1.2 at 0.5."),
                       [.text("v1.2 at "), .number("0.5", 0.5), .text(".")])
        XCTAssertEqual(OutputComparison.pieces(of: "[-1.5e-3, +2]"),
                       [.text("["), .number("-1.5e-3", -1.5e-3), .text(", "), .number("+2", 2), .text("]")])
        XCTAssertEqual(OutputComparison.pieces(of: "3.94e+07 -> 2"),
                       [.number("3.94e+07", 3.94e7), .text(" -> "), .number("2", 2)])
    }

    /// `metadata.descent.check.rtol` on the notebook, overridden per cell; anything but a
    /// non-negative number is an error naming where it is.
    func testToleranceComesFromNotebookAndCellMetadata() throws {
        func cell(_ text: String, rtol: JSON? = nil) -> Cell {
            var cell = Cell(kind: .code, source: "", id: "c")
            cell.outputs = [["output_type": "stream", "name": "stdout", "text": .string(text)]]
            if let rtol { cell.metadata = ["descent": ["check": ["rtol": rtol]]] }
            return cell
        }
        func mismatches(_ stored: String, _ produced: String, notebook: JSON? = nil, cell rtol: JSON? = nil) throws -> Int {
            let metadata: [String: JSON] = notebook.map { ["descent": ["check": ["rtol": $0]]] } ?? [:]
            return try OutputComparison.mismatches(
                stored: Notebook(cells: [cell(stored)], metadata: metadata),
                produced: Notebook(cells: [cell(produced, rtol: rtol)], metadata: metadata)).count
        }
        XCTAssertEqual(try mismatches("3.6e-05", "3.5e-05"), 1)
        XCTAssertEqual(try mismatches("3.6e-05", "3.5e-05", notebook: .double(0.05)), 0)
        XCTAssertEqual(try mismatches("3.6e-05", "3.5e-05", notebook: .double(0.05), cell: 0), 1)
        XCTAssertEqual(try mismatches("0.2392", "0.2393", notebook: 0), 1)
        XCTAssertEqual(try mismatches("3.6e-05", "3.5e-05", cell: .double(0.1)), 0)
        XCTAssertThrowsError(try mismatches("1", "1", notebook: "0.1")) { error in
            XCTAssertEqual("\(error)", #"descent.check.rtol in the notebook metadata must be a number ≥ 0, not "0.1""#)
        }
        XCTAssertThrowsError(try mismatches("1", "1", cell: .double(-1))) { error in
            XCTAssertEqual("\(error)", "descent.check.rtol in the metadata of cell 1 must be a number ≥ 0, not -1.0")
        }
    }
}
