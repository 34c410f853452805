import Engine
import Foundation
import Interruption
@testable import Learn
import XCTest

/// Trials in worker processes give what a serial run gives; interrupts return partial results.
final class TuningParallelTests: XCTestCase {
    /// A real training trial: a network initialized from Engine's stream, fit with a shuffled
    /// batch order, scored by its last validation loss.
    private func trainingTrial(_ data: [Dataset]) -> Objective {
        { trial in
            let width = Int(trial.configuration["width"]?.number ?? 4)
            let net = try Sequential.mlp([4, width, 3])
            let run = try fit(net, data[0], loss: .crossEntropy, optimizer: .sgd(lr: trial.configuration["lr"]?.number ?? 0.1),
                              epochs: 3, batchSize: 16, validation: data[1])
            return run.valLoss.last ?? .nan
        }
    }

    func testParallelEqualsSerial() throws {
        let data = try split(try standardize(iris())[0], [0.8, 0.2], seed: 3)
        let space = try SearchSpace([("lr", .values([.double(0.03), .double(0.1), .double(0.3)])),
                                     ("width", .values([.int(4), .int(8)]))])
        let serial = try gridSearch(space, options: TuningOptions(workers: 1, seed: 42), trainingTrial(data))
        let afterSerial = Random.uniform()
        let parallel = try gridSearch(space, options: TuningOptions(workers: 2, seed: 42), trainingTrial(data))
        let afterParallel = Random.uniform()
        XCTAssertEqual(serial.records.count, 6)
        XCTAssertEqual(serial.records.map(\.status), [TrialRecord.Status](repeating: .ok, count: 6))
        XCTAssertEqual(serial.scores, parallel.scores)
        XCTAssertEqual(serial.records.map(\.configuration), parallel.records.map(\.configuration))
        XCTAssertEqual(parallel.workers, 2)
        XCTAssertEqual(afterSerial, afterParallel, "the stream after a search does not depend on the workers")
        // Different trials drew different initial weights: the scores are not all equal.
        XCTAssertGreaterThan(Set(serial.scores).count, 1)

        let random = { (workers: Int) in
            try randomSearch(SearchSpace([("lr", try .logUniform(0.01, 1)), ("width", try .choice([.int(4), .int(8)]))]),
                             trials: 5, options: TuningOptions(workers: workers, seed: 8), self.trainingTrial(data))
        }
        XCTAssertEqual(try random(1).scores, try random(3).scores)
    }

    func testReportsComeInTrialOrder() throws {
        var seen: [Int] = []
        let space = try SearchSpace([("x", .values((0..<6).map { .int($0) }))])
        _ = try gridSearch(space, options: TuningOptions(workers: 2, seed: 1, onTrial: { seen.append($0.index) })) { trial in
            usleep(UInt32(trial.index % 2 == 0 ? 60_000 : 5_000))
            return 0
        }
        XCTAssertEqual(seen, Array(0..<6))
    }

    func testInterruptReturnsTheFinishedTrialsMarkedPartial() throws {
        let space = try SearchSpace([("x", .values((0..<6).map { .int($0) }))])
        let serial = try gridSearch(space, options: TuningOptions(workers: 1, seed: 1)) { trial in
            if trial.index == 2 { Interrupt.request() }
            return Double(trial.index)
        }
        XCTAssertTrue(serial.partial)
        XCTAssertEqual(serial.records.map(\.index), [0, 1, 2])
        XCTAssertTrue(serial.description.contains("3 trials of 6 (interrupted, partial)"), serial.description)
        XCTAssertTrue(Interrupt.take(), "the search hands the interrupt on, so that the caller stops too")

        let thrown = try gridSearch(space, options: TuningOptions(workers: 1, seed: 1)) { trial in
            if trial.index == 4 { throw EngineError(kind: "KeyboardInterrupt", message: "interrupted") }
            return 0
        }
        XCTAssertTrue(thrown.partial)
        XCTAssertEqual(thrown.records.count, 4)
        XCTAssertTrue(Interrupt.take(), "an objective's KeyboardInterrupt is handed on as well")

        // The interrupt comes as the second trial's result arrives (not after a guessed delay, which
        // a sanitizer's slower forks outran): the trials running then are stopped, not awaited.
        Interrupt.clear()
        let clock = ContinuousClock()
        let start = clock.now
        let options = TuningOptions(workers: 2, seed: 1, onTrial: { if $0.index == 1 { Interrupt.request() } })
        let parallel = try gridSearch(space, options: options) { _ in
            usleep(1_000_000)
            return 1
        }
        // Awaiting the second pair would take 2 s; stopping it leaves the first pair's 1 s and
        // the forks' cost.
        XCTAssertLessThan(clock.now - start, .milliseconds(1_800), "running workers are stopped, not awaited")
        XCTAssertTrue(parallel.partial)
        XCTAssertEqual(parallel.records.count, 2, "the first two trials finished before the interrupt")
        XCTAssertTrue(Interrupt.take())
    }
    func testWorkersAreForkedOncePerBatch() throws {
        let space = try SearchSpace([("x", .values((0..<8).map { .int($0) }))])
        let result = try gridSearch(space, options: TuningOptions(workers: 2, seed: 1)) { trial in
            trial.log("trial \(trial.index)\n")
            return Double(getpid())
        }
        let pids = Set(result.scores)
        XCTAssertEqual(result.records.count, 8)
        XCTAssertLessThanOrEqual(pids.count, 2, "8 trials ran in at most 2 processes")
        XCTAssertFalse(pids.contains(Double(getpid())), "the trials ran in workers")
        XCTAssertEqual(result.records.map(\.output), (0..<8).map { "trial \($0)\n" })
    }

    func testTheBatchGoesOnAfterAWorkerDies() throws {
        let space = try SearchSpace([("x", .values((0..<6).map { .int($0) }))])
        let result = try gridSearch(space, options: TuningOptions(workers: 2, seed: 1)) { trial in
            if trial.index == 2 { _exit(3) }
            if trial.index == 3 { throw LearnError.value("bad trial") }
            return Double(trial.index) * 10
        }
        XCTAssertEqual(result.records.map(\.index), Array(0..<6))
        XCTAssertEqual(result.records.map(\.status), [.ok, .ok, .failed, .failed, .ok, .ok])
        XCTAssertEqual(result.records.map(\.score), [0, 10, nil, nil, 40, 50])
        XCTAssertTrue(result.records[2].error?.contains("exited with status 3") == true, result.records[2].error ?? "")
        XCTAssertTrue(result.records[3].error?.contains("bad trial") == true, result.records[3].error ?? "")
    }
}
