import Engine
import XCTest
@testable import Learn

final class DataTests: XCTestCase {
    private func numbered(_ n: Int) throws -> Dataset {
        try Dataset(x: Tensor(shape: [n, 1], scalars: (0..<n).map(Double.init)),
                    y: Tensor(shape: [n], scalars: (0..<n).map { Double($0 % 2) }, dtype: .int64))
    }

    func testDatasetChecksItsInput() throws {
        XCTAssertThrowsError(try Dataset(x: Tensor.zeros([0, 3]), y: Tensor.zeros([0], dtype: .int64)))
        XCTAssertThrowsError(try Dataset(x: Tensor.zeros([4, 3]), y: Tensor.zeros([5], dtype: .int64)))
        XCTAssertThrowsError(try Dataset(x: Tensor.zeros([2, 3]), y: Tensor(shape: [2], scalars: [0, -1], dtype: .int64)))
        XCTAssertThrowsError(try Dataset(x: Tensor.zeros([2, 3]), y: Tensor(shape: [2], scalars: [0, 3], dtype: .int64),
                                         classNames: ["a", "b", "c"]))
        let d = try Dataset(x: Tensor.zeros([2, 3], dtype: .float64), y: Tensor.zeros([2]))
        XCTAssertEqual(d.x.dtype, .float32)
        XCTAssertFalse(d.isClassification)
    }

    func testSplitIsAShuffledPartition() throws {
        let parts = try split(numbered(100), [0.6, 0.2, 0.2], seed: 7)
        XCTAssertEqual(parts.map(\.count), [60, 20, 20])
        let all = parts.flatMap { $0.x.scalars() }
        XCTAssertEqual(Set(all), Set((0..<100).map(Double.init)))
        XCTAssertNotEqual(parts[0].x.scalars(), (0..<60).map(Double.init), "shuffled")
        XCTAssertEqual(try split(numbered(100), [0.6, 0.2, 0.2], seed: 7)[1].x.scalars(), parts[1].x.scalars())
        XCTAssertThrowsError(try split(numbered(10), [0.7, 0.5]))
        XCTAssertThrowsError(try split(numbered(10), [0.05, 0.95]))
        XCTAssertThrowsError(try split(numbered(10), [-0.5, 1.5]))
    }

    func testSplitFollowsTheGlobalSeed() throws {
        Random.seed(3)
        let a = try split(numbered(30), [0.5, 0.5])[0].x.scalars()
        Random.seed(3)
        XCTAssertEqual(try split(numbered(30), [0.5, 0.5])[0].x.scalars(), a)
    }

    func testKFoldHoldsOutEachExampleOnce() throws {
        let folds = try kfold(numbered(10), 3, seed: 1)
        XCTAssertEqual(folds.map(\.validation.count), [3, 3, 4])
        XCTAssertEqual(folds.map(\.train.count), [7, 7, 6])
        XCTAssertEqual(folds.flatMap { $0.validation.x.scalars() }.sorted(), (0..<10).map(Double.init))
        for f in folds {
            XCTAssertTrue(Set(f.train.x.scalars()).isDisjoint(with: f.validation.x.scalars()))
        }
        XCTAssertThrowsError(try kfold(numbered(3), 4))
    }

    func testBatches() throws {
        let ordered = try batches(numbered(10), size: 4, shuffle: false)
        XCTAssertEqual(ordered.map { $0.x.shape[0] }, [4, 4, 2])
        XCTAssertEqual(ordered[2].x.scalars(), [8, 9])
        XCTAssertEqual(ordered[2].y.scalars(), [0, 1])
        let shuffled = try batches(numbered(10), size: 4, seed: 2)
        XCTAssertEqual(shuffled.flatMap { $0.x.scalars() }.sorted(), (0..<10).map(Double.init))
        XCTAssertThrowsError(try batches(numbered(10), size: 0))
    }

    func testStandardizeUsesTrainingStatisticsOnly() throws {
        // Training feature values 1, 2, 3: mean 2, population std √(2/3); the constant second
        // feature keeps std 1.
        let train = try Dataset(x: Tensor(shape: [3, 2], scalars: [1, 5, 2, 5, 3, 5]), y: Tensor.zeros([3]))
        let test = try Dataset(x: Tensor(shape: [1, 2], scalars: [4, 7]), y: Tensor.zeros([1]))
        let out = try standardize(train, [test])
        let s = (2.0 / 3).squareRoot()
        for (g, w) in zip(out[0].x.scalars(), [-1 / s, 0, 0, 0, 1 / s, 0]) { XCTAssertEqual(g, w, accuracy: 1e-6) }
        for (g, w) in zip(out[1].x.scalars(), [2 / s, 2]) { XCTAssertEqual(g, w, accuracy: 1e-6) }
    }

    func testSyntheticSetsAreSeeded() throws {
        let s = try Synthetic.spiral(n: 50, classes: 3, noise: 0.2, seed: 4)
        XCTAssertEqual(s.x.shape, [150, 2])
        XCTAssertEqual(s.classCount, 3)
        XCTAssertEqual(try Synthetic.spiral(n: 50, classes: 3, noise: 0.2, seed: 4).x.scalars(), s.x.scalars())
        XCTAssertNotEqual(try Synthetic.spiral(n: 50, classes: 3, noise: 0.2, seed: 5).x.scalars(), s.x.scalars())
        let b = try Synthetic.blobs(n: 90, centers: 3, features: 4, seed: 1)
        XCTAssertEqual(b.x.shape, [90, 4])
        XCTAssertEqual(b.y.scalars().filter { $0 == 2 }.count, 30)
        let x = try Synthetic.xor(n: 200, noise: 0, seed: 1)
        let v = x.x.scalars(), labels = x.y.scalars()
        for i in 0..<200 { XCTAssertEqual(labels[i], (v[2 * i] < 0) != (v[2 * i + 1] < 0) ? 1 : 0) }
        let r = try Synthetic.linearRegression(n: 20, features: 3, noise: 0, seed: 1)
        XCTAssertEqual(r.y.shape, [20, 1])
        XCTAssertFalse(r.isClassification)
        XCTAssertThrowsError(try Synthetic.spiral(n: 0))
    }
}
