import Engine
import Foundation
@testable import Learn
import XCTest

/// `evolve` on a known function: a noisy quadratic in log10(lr) with its minimum at lr = 10^-2.5.
final class TuningEvolveTests: XCTestCase {
    private func truth(_ c: Configuration) -> Double { pow(log10(c["lr"]?.number ?? 1) + 2.5, 2) }

    private func search(seed: UInt64, workers: Int = 1) throws -> SearchResult {
        let space = try SearchSpace([("lr", try .logUniform(1e-6, 1)), ("width", .values([.int(8), .int(16), .int(32)]))])
        return try evolve(space, population: 8, generations: 12, options: TuningOptions(workers: workers, seed: seed)) { trial in
            self.truth(trial.configuration) + 0.05 * Random.normal()
        }
    }

    func testEvolveImprovesTheBestScoreOverGenerations() throws {
        var improved = 0
        for seed in UInt64(1)...5 {
            let result = try search(seed: seed)
            let best = result.bestPerGeneration
            XCTAssertEqual(best.count, 12)
            XCTAssertEqual(result.records.count, 8 + 11 * 2)
            // The best is kept, so it never gets worse; it gets better unless generation 0
            // already drew a configuration at the minimum with lucky noise.
            XCTAssertEqual(best, best.sorted(by: >), "seed \(seed)")
            if best.last ?? .nan < best[0] { improved += 1 }
            // The population itself moves toward the minimum, measured without the noise.
            let truthOf = { (members: [Int]) in members.map { self.truth(result.records[$0].configuration) }.reduce(0, +) / Double(members.count) }
            XCTAssertLessThan(truthOf(result.generations.last ?? []), truthOf(result.generations[0]), "seed \(seed)")
            if let lr = result.bestConfiguration?["lr"]?.number {
                XCTAssertEqual(log10(lr), -2.5, accuracy: 0.75, "seed \(seed)")
            } else {
                XCTFail("no best configuration")
            }
        }
        XCTAssertGreaterThanOrEqual(improved, 4)
    }

    func testChildrenStayInTheSpaceAndHistoryIsKept() throws {
        let result = try search(seed: 9)
        for r in result.records {
            let lr = r.configuration["lr"]?.number ?? .nan
            XCTAssertTrue(lr >= 1e-6 && lr < 1, "\(lr)")
            XCTAssertTrue([HyperValue.int(8), .int(16), .int(32)].contains(r.configuration["width"] ?? .int(0)))
        }
        for (g, members) in result.generations.enumerated() {
            XCTAssertEqual(members.count, 8)
            if g > 0 {
                // The two worst of the previous generation are gone, the six best kept.
                let previous = result.generations[g - 1].compactMap { result.record($0) }
                    .sorted { $0.ranksBefore($1, maximize: false) }.map(\.index)
                XCTAssertEqual(Set(members).intersection(previous), Set(previous.prefix(6)))
                XCTAssertTrue(members.filter { !previous.contains($0) }.allSatisfy { result.record($0)?.generation == g })
            }
        }
        XCTAssertTrue(result.description.contains("generation"))
    }

    func testEvolveInWorkersEqualsSerial() throws {
        let serial = try search(seed: 4, workers: 1)
        let parallel = try search(seed: 4, workers: 2)
        XCTAssertEqual(serial.records.map(\.configuration), parallel.records.map(\.configuration))
        XCTAssertEqual(serial.scores, parallel.scores)
        XCTAssertEqual(serial.generations, parallel.generations)
    }

    func testBadSettingsAreErrors() throws {
        let space = try SearchSpace([("lr", try .logUniform(1e-6, 1))])
        XCTAssertThrowsError(try evolve(space, population: 1) { _ in 0 })
        XCTAssertThrowsError(try evolve(space, generations: 0) { _ in 0 })
        XCTAssertThrowsError(try evolve(space, settings: EvolutionSettings(perturbation: 0.8)) { _ in 0 })
        XCTAssertThrowsError(try evolve(space, settings: EvolutionSettings(fraction: 0.9)) { _ in 0 })
    }
}
