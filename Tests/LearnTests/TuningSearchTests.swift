import Engine
import Foundation
import Interruption
@testable import Learn
import XCTest

/// Grid and random search: sizes, order, bounds, reproducibility, failures, tables.
final class TuningSearchTests: XCTestCase {
    private let lrs: [HyperValue] = [.double(1e-4), .double(1e-3), .double(1e-2)]
    private let sizes: [HyperValue] = [.int(16), .int(64)]

    private func number(_ c: Configuration, _ name: String) -> Double { c[name]?.number ?? .nan }

    func testGridHasEveryCombinationWithTheFirstNameVaryingSlowest() throws {
        let space = try SearchSpace([("lr", .values(lrs)), ("batch_size", .values(sizes)), ("act", .values([.string("relu"), .string("tanh")]))])
        let grid = try space.grid()
        XCTAssertEqual(grid.count, 12)
        // itertools.product(lrs, sizes, acts): the last name varies fastest.
        var expected: [Configuration] = []
        for lr in lrs { for b in sizes { for a in ["relu", "tanh"] { expected.append(Configuration([("lr", lr), ("batch_size", b), ("act", .string(a))])) } } }
        XCTAssertEqual(grid, expected)
    }

    func testGridSearchRanksBestFirstAndKeepsTrialOrder() throws {
        let space = try SearchSpace([("lr", .values(lrs)), ("batch_size", .values(sizes))])
        // Minimum at lr = 1e-3, batch 64: score = (log10 lr + 3)^2 + batch/1000.
        let result = try gridSearch(space, options: TuningOptions(workers: 1, seed: 1)) { trial in
            let lr = trial.configuration["lr"]?.number ?? 0, b = trial.configuration["batch_size"]?.number ?? 0
            return pow(log10(lr) + 3, 2) + b / 1000
        }
        XCTAssertEqual(result.records.map(\.index), Array(0..<6))
        XCTAssertEqual(result.records.map(\.configuration), try space.grid())
        XCTAssertEqual(result.bestConfiguration, Configuration([("lr", .double(1e-3)), ("batch_size", .int(16))]))
        XCTAssertEqual(result.best?.score ?? .nan, 0.016, accuracy: 1e-12)
        let ranked = result.ranked.compactMap(\.score)
        XCTAssertEqual(ranked, ranked.sorted())
        XCTAssertFalse(result.partial)

        let maximized = try gridSearch(space, options: TuningOptions(maximize: true, workers: 1, seed: 1)) { trial in
            -pow(log10(trial.configuration["lr"]?.number ?? 0) + 2, 2)
        }
        XCTAssertEqual(maximized.best.map { number($0.configuration, "lr") }, 1e-2)
    }

    func testGridRejectsSampledDistributions() throws {
        let space = try SearchSpace([("lr", try .logUniform(1e-4, 1))])
        XCTAssertThrowsError(try gridSearch(space, options: TuningOptions(workers: 1)) { _ in 0 }) { error in
            XCTAssertTrue("\(error)".contains("'lr'"), "\(error)")
        }
    }

    func testRandomSearchIsReproducibleUnderASeedAndDiffersAcrossSeeds() throws {
        let space = try SearchSpace([("lr", try .logUniform(1e-5, 1e-1)), ("momentum", try .uniform(0.5, 0.99)),
                                     ("batch_size", try .choice(sizes))])
        let objective: Objective = { trial in self.number(trial.configuration, "lr") + Random.uniform() }
        let a = try randomSearch(space, trials: 20, options: TuningOptions(workers: 1, seed: 7), objective)
        let b = try randomSearch(space, trials: 20, options: TuningOptions(workers: 1, seed: 7), objective)
        let c = try randomSearch(space, trials: 20, options: TuningOptions(workers: 1, seed: 8), objective)
        XCTAssertEqual(a.records.map(\.configuration), b.records.map(\.configuration))
        XCTAssertEqual(a.scores, b.scores)
        XCTAssertNotEqual(a.records.map(\.configuration), c.records.map(\.configuration))

        Random.seed(3)
        let d = try randomSearch(space, trials: 5, options: TuningOptions(workers: 1), objective)
        Random.seed(3)
        let e = try randomSearch(space, trials: 5, options: TuningOptions(workers: 1), objective)
        XCTAssertEqual(d.records.map(\.configuration), e.records.map(\.configuration))
        XCTAssertEqual(d.scores, e.scores)
    }

    func testSamplesStayInBoundsAndLogUniformIsUniformInTheExponent() throws {
        let space = try SearchSpace([("lr", try .logUniform(1e-4, 1)), ("p", try .uniform(0.2, 0.7)),
                                     ("width", try .uniform(8, 12, integer: true)), ("b", try .choice(sizes))])
        let result = try randomSearch(space, trials: 2000, options: TuningOptions(workers: 1, seed: 11)) { _ in 0 }
        var decades = [0, 0, 0, 0]
        var widths = Set<Int>()
        for r in result.records {
            let lr = number(r.configuration, "lr"), p = number(r.configuration, "p")
            XCTAssertTrue(lr >= 1e-4 && lr < 1, "\(lr)")
            XCTAssertTrue(p >= 0.2 && p < 0.7, "\(p)")
            guard case .int(let w)? = r.configuration["width"] else { return XCTFail("width is not an int") }
            XCTAssertTrue((8..<12).contains(w), "\(w)")
            widths.insert(w)
            XCTAssertTrue(sizes.contains(r.configuration["b"] ?? .int(0)))
            decades[Swift.min(3, Int((log10(lr) + 4).rounded(.down)))] += 1
        }
        XCTAssertEqual(widths, [8, 9, 10, 11])
        // Uniform in log10(lr) over [-4, 0): each decade holds a quarter (a uniform lr would put
        // 90% in the last one). 2000 draws: standard error of a count is about 19.
        for count in decades { XCTAssertEqual(Double(count), 500, accuracy: 100, "\(decades)") }
    }

    func testBadSpacesAndDistributionsAreErrors() {
        XCTAssertThrowsError(try Distribution.logUniform(0, 1))
        XCTAssertThrowsError(try Distribution.uniform(1, 1))
        XCTAssertThrowsError(try Distribution.choice([]))
        XCTAssertThrowsError(try SearchSpace([("lr", .values([]))]))
        XCTAssertThrowsError(try SearchSpace([("lr", .values([.int(1)])), ("lr", .values([.int(2)]))]))
        XCTAssertThrowsError(try randomSearch(SearchSpace([("a", .values([.int(1)]))]), trials: 0) { _ in 0 })
    }

    func testFailedAndDivergedTrialsAreRecordedAndTheSearchGoesOn() throws {
        let space = try SearchSpace([("x", .values((0..<6).map { .int($0) }))])
        for workers in [1, 2] {
            let result = try gridSearch(space, options: TuningOptions(workers: workers, seed: 5)) { trial in
                switch trial.configuration["x"] {
                case .int(1)?: throw EngineError(kind: "ValueError", message: "bad x")
                case .int(2)?: return .nan
                case .int(3)?: throw TrialDiverged("the loss became nan at epoch 2")
                case .int(let x)?: return Double(x)
                default: return -1
                }
            }
            XCTAssertEqual(result.records.count, 6)
            XCTAssertEqual(result.records.map(\.status), [.ok, .failed, .diverged, .diverged, .ok, .ok])
            XCTAssertEqual(result.record(1)?.error, "ValueError: bad x")
            XCTAssertEqual(result.record(2)?.error, "the score is nan")
            XCTAssertEqual(result.record(3)?.error, "the loss became nan at epoch 2")
            XCTAssertEqual(result.ranked.map(\.index), [0, 4, 5, 1, 2, 3])
            XCTAssertEqual(result.best?.index, 0)
            let text = result.description
            XCTAssertTrue(text.contains("failed: ValueError: bad x"), text)
            XCTAssertTrue(result.html.contains("<td>diverged: the score is nan</td>"), result.html)
        }
    }

    func testAWorkerThatDiesFailsOnlyItsTrial() throws {
        let space = try SearchSpace([("x", .values((0..<4).map { .int($0) }))])
        let result = try gridSearch(space, options: TuningOptions(workers: 2, seed: 5)) { trial in
            if trial.configuration["x"] == .int(2) { exit(3) }
            return 1
        }
        XCTAssertEqual(result.records.map(\.status), [.ok, .ok, .failed, .ok])
        XCTAssertTrue(result.record(2)?.error?.contains("exited with status 3") ?? false, "\(String(describing: result.record(2)?.error))")
    }

    func testTableTextAndHTML() throws {
        let space = try SearchSpace([("lr", .values([.double(0.1), .double(0.01)])), ("act", .values([.string("relu")]))])
        let result = try gridSearch(space, options: TuningOptions(workers: 1, seed: 2)) { trial in
            trial.log("trial \(trial.index)\n")
            return trial.configuration["lr"]?.number ?? 0
        }
        let lines = result.description.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("grid_search: 2 trials, 2 ok; best (min) score 0.01 at lr=0.01, act='relu'"), lines[0])
        XCTAssertEqual(lines[1].split(separator: " ", omittingEmptySubsequences: true),
                       ["rank", "trial", "lr", "act", "score", "time", "(s)", "status"])
        XCTAssertEqual(lines[2].split(separator: " ").prefix(5), ["1", "1", "0.01", "'relu'", "0.01"])
        XCTAssertTrue(result.html.contains("<th>lr</th><th>act</th>"))
        XCTAssertTrue(result.html.contains("<td>'relu'</td>"))
        XCTAssertEqual(result.records.map(\.output), ["trial 0\n", "trial 1\n"])
    }

    func testGridMatrixForAHeatmap() throws {
        let space = try SearchSpace([("lr", .values(lrs)), ("batch_size", .values(sizes))])
        let result = try gridSearch(space, options: TuningOptions(workers: 1, seed: 1)) { trial in
            if trial.index == 3 { throw EngineError(kind: "ValueError", message: "no") }
            return Double(trial.index)
        }
        let m = try result.gridMatrix()
        XCTAssertEqual(m.rowName, "lr")
        XCTAssertEqual(m.columnLabels, ["16", "64"])
        XCTAssertEqual(m.scores[0], [0, 1])
        XCTAssertEqual(m.scores[1][0], 2)
        XCTAssertTrue(m.scores[1][1].isNaN)
        XCTAssertEqual(m.scores[2], [4, 5])
    }
}
