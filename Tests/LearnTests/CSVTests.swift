import Engine
import Interruption
@testable import Learn
import XCTest

final class CSVTests: XCTestCase {
    private func parse(_ text: String, target: String? = nil) throws -> CSVTable {
        try CSVTable(parsing: text, source: "f.csv", target: target)
    }

    private func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return (error as? EngineError)?.message ?? "\(error)" }
    }

    func testTextTargetBecomesSortedClassIndices() throws {
        let t = try parse("a,kind,b\r\n1,dog,2\r\n3,cat,4\r\n5,dog,6\r\n", target: "kind")
        XCTAssertEqual(t.featureNames, ["a", "b"])
        XCTAssertEqual(t.features, [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.target, .classes([1, 0, 1], names: ["cat", "dog"]))
    }

    func testNumericTargets() throws {
        XCTAssertEqual(try parse("a,y\n1,2\n2,0\n").target, .classes([2, 0], names: ["0", "1", "2"]))
        XCTAssertEqual(try parse("a,y\n1,2.5\n2,-1\n").target, .values([2.5, -1]))
    }

    func testQuotesAndBlankLines() throws {
        let t = try parse("\"x, y\",label\n\n \"1\" ,\"a \"\"b\"\"\"\n")
        XCTAssertEqual(t.featureNames, ["x, y"])
        XCTAssertEqual(t.target, .classes([0], names: ["a \"b\""]))
    }

    func testErrorsNameFileLineAndColumn() {
        XCTAssertEqual(message { try self.parse("a,b,c\n1,2,3\n4,5\n") },
                       "f.csv, line 3, column 3 (c): the row ends after 2 cells but the header has 3 columns")
        XCTAssertEqual(message { try self.parse("a,b,c\n1,2,3,4\n") },
                       "f.csv, line 2, column 4: the row has 4 cells but the header has 3 columns")
        XCTAssertEqual(message { try self.parse("a,b,c\n1,2,3\n1,x,3\n") },
                       "f.csv, line 3, column 2 (b): 'x' is not a finite number")
        XCTAssertEqual(message { try self.parse("a,b,c\n1,,3\n") },
                       "f.csv, line 2, column 2 (b): the cell is empty")
        XCTAssertEqual(message { try self.parse("a,b,c\n1,2,3\n", target: "d") },
                       "f.csv, line 1: no target column named 'd'; the columns are a, b, c")
        XCTAssertEqual(message { try self.parse("a,b\n") }, "f.csv, line 1: a header but no data rows")
        XCTAssertEqual(message { try self.parse("") },
                       "f.csv: the file is empty (expected a header row naming the columns)")
    }

    func testLoadCSVFromAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("learn-\(UUID().uuidString).csv")
        try "x1,x2,y\n0.5,1,yes\n1.5,2,no\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let d = try loadCSV(url.path, target: "y")
        XCTAssertEqual(d.x.shape, [2, 2])
        XCTAssertEqual(d.y.scalars(), [1, 0])
        XCTAssertEqual(d.classNames, ["no", "yes"])
        XCTAssertThrowsError(try loadCSV(url.path + ".missing"))
    }

    func testBundledDataSets() throws {
        let i = try iris(), w = try wine(), d = try digits()
        XCTAssertEqual(i.x.shape, [150, 4])
        XCTAssertEqual(i.classNames, ["setosa", "versicolor", "virginica"])
        XCTAssertEqual(Array(i.x.scalars().prefix(4)).map { Float($0) }, [5.1, 3.5, 1.4, 0.2])
        XCTAssertEqual(w.x.shape, [178, 13])
        XCTAssertEqual(w.classNames, ["class_0", "class_1", "class_2"])
        XCTAssertEqual(d.x.shape, [1797, 64])
        XCTAssertEqual(d.classCount, 10)
        XCTAssertEqual(d.y.scalars().prefix(3), [0, 1, 2])
        XCTAssertEqual(d.x.scalars().max(), 16)
    }
}
