import Engine
import Foundation
import Interruption
@testable import Learn
import XCTest

/// `crossValidate`: every row validated exactly once, mean and std over the folds.
final class TuningCrossValidationTests: XCTestCase {
    /// 23 rows whose only feature is the row's own number.
    private func numbered() throws -> Dataset {
        try Dataset(x: Tensor(shape: [23, 1], scalars: (0..<23).map(Double.init)),
                    y: Tensor(shape: [23], scalars: (0..<23).map { Double($0 % 2) }, dtype: .int64))
    }

    func testEveryRowIsValidatedExactlyOnce() throws {
        let data = try numbered()
        var validated: [[Double]] = []
        let cv = try crossValidate(data, k: 5, options: TuningOptions(workers: 1, seed: 3)) { train, validation, _ in
            let held = validation.x.scalars(), rest = train.x.scalars()
            XCTAssertTrue(Set(held).isDisjoint(with: rest))
            XCTAssertEqual(held.count + rest.count, 23)
            validated.append(held)
            return held.reduce(0, +) / Double(held.count)
        }
        XCTAssertEqual(validated.count, 5)
        XCTAssertEqual(validated.flatMap { $0 }.sorted(), (0..<23).map(Double.init))
        XCTAssertTrue(validated.allSatisfy { $0.count == 4 || $0.count == 5 })
        // Mean and population std of the fold means, computed here by hand.
        let means = validated.map { $0.reduce(0, +) / Double($0.count) }
        let mean = means.reduce(0, +) / 5
        XCTAssertEqual(cv.mean, mean, accuracy: 1e-12)
        XCTAssertEqual(cv.std, (means.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(cv.scores, means)
    }

    func testFoldsAreFixedByTheSeedAndParallelEqualsSerial() throws {
        let data = try numbered()
        let score: (Dataset, Dataset, Trial) throws -> Double = { _, validation, _ in
            validation.x.scalars().reduce(0) { $0 * 1.5 + $1 }
        }
        let a = try crossValidate(data, k: 4, options: TuningOptions(workers: 1, seed: 9), score)
        let b = try crossValidate(data, k: 4, options: TuningOptions(workers: 2, seed: 9), score)
        let c = try crossValidate(data, k: 4, options: TuningOptions(workers: 1, seed: 10), score)
        XCTAssertEqual(a.scores, b.scores)
        XCTAssertNotEqual(a.scores, c.scores)
    }

    func testAFailingFoldIsRecorded() throws {
        let cv = try crossValidate(try numbered(), k: 3, options: TuningOptions(workers: 1, seed: 1)) { _, _, trial in
            if trial.index == 1 { throw EngineError(kind: "ValueError", message: "fold trouble") }
            return Double(trial.index)
        }
        XCTAssertEqual(cv.folds.map(\.status), [.ok, .failed, .ok])
        XCTAssertEqual(cv.mean, 1)
        XCTAssertTrue(cv.description.contains("fold 1 failed: ValueError: fold trouble"), cv.description)
        XCTAssertThrowsError(try crossValidate(try numbered(), k: 1) { _, _, _ in 0 })
    }
}
