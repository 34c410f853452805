import Foundation
import TestSupport
import XCTest
@testable import Notebook

/// Every exercise at the end of the shipped notebooks accepts its intended answer
/// (Tests/Fixtures/notebook/exercise-answers.json, worked out by hand) and rejects a near miss,
/// so a key pasted into the wrong cell or made from a wrong answer is caught.
final class ExerciseKeyTests: XCTestCase {
    func testEachCheckCellAcceptsItsAnswerAndNothingNearIt() throws {
        let fixtures = FixtureFolder("notebook")
        let answers = try fixtures.json("exercise-answers.json").filter { !$0.key.hasPrefix("_") }
        let notebooks = fixtures.directory.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks")
        let keyPattern = try NSRegularExpression(pattern: #"check\(answer, "(key:[^"]+)""#)
        XCTAssertEqual(answers.count, 6)
        for (name, expected) in answers {
            let notebook = try Notebook(contentsOf: notebooks.appendingPathComponent("\(name).ipynb"))
            let keys = notebook.cells.compactMap { cell -> String? in
                let source = cell.source
                guard let m = keyPattern.firstMatch(in: source, range: NSRange(source.startIndex..., in: source)),
                      let r = Range(m.range(at: 1), in: source) else { return nil }
                return String(source[r])
            }
            let intended = try XCTUnwrap(expected as? [Any], name)
            XCTAssertEqual(keys.count, intended.count, name)
            for (key, answer) in zip(keys, intended) {
                let h = Harness()
                h.eval("check(\(literal(answer)), \"\(key)\")")
                h.eval("check(\(literal(nearMiss(answer))), \"\(key)\")")
                let lines = h.stdout.split(separator: "\n")
                XCTAssertEqual(lines.first, "right", "\(name): \(answer)")
                XCTAssertTrue(lines.last?.hasPrefix("not right") ?? false, "\(name): near \(answer): \(h.stdout)")
            }
        }
    }

    /// A JSON value as a Descent literal (JSON's numbers, strings and lists are Python's).
    private func literal(_ v: Any) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed]), as: UTF8.self)
    }

    /// An answer that differs in its first value by 10%, or a different text.
    private func nearMiss(_ v: Any) -> Any {
        switch v {
        case let s as String: return s + "x"
        case let list as [Any]: return [nearMiss(list[0])] + list.dropFirst()
        case let n as NSNumber: return n.doubleValue * 1.1
        default: return v
        }
    }
}
