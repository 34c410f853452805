import XCTest
@testable import Notebook

/// `descent run --shard k/n`: n jobs run each notebook exactly once.
final class ShardTests: XCTestCase {
    func testEveryNthOfTheSortedList() throws {
        let paths = ["e.ipynb", "a.ipynb", "d.ipynb", "b.ipynb", "c.ipynb"]
        XCTAssertEqual(try Shard(argument: "1/2").pick(paths), ["a.ipynb", "c.ipynb", "e.ipynb"])
        XCTAssertEqual(try Shard(argument: "2/2").pick(paths), ["b.ipynb", "d.ipynb"])
        XCTAssertEqual(try Shard(argument: "3/3").pick(paths), ["c.ipynb"])
        XCTAssertEqual(try Shard(argument: "1/1").pick(paths), ["a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb", "e.ipynb"])
        XCTAssertEqual(try Shard(argument: "4/7").pick(paths), ["d.ipynb"])
        XCTAssertEqual(try Shard(argument: "7/7").pick(paths), [])
    }

    func testBadShardsAreClearErrors() {
        let cases = [
            ("0/2", "--shard '0/2': the shard must be between 1 and 2"),
            ("3/2", "--shard '3/2': the shard must be between 1 and 2"),
            ("1/0", "--shard '1/0': the number of shards must be at least 1"),
            ("1", "--shard '1' is not of the form k/n, such as 1/4"),
            ("a/b", "--shard 'a/b' is not of the form k/n, such as 1/4"),
        ]
        for (argument, message) in cases {
            XCTAssertThrowsError(try Shard(argument: argument)) { XCTAssertEqual("\($0)", message) }
        }
    }
}
