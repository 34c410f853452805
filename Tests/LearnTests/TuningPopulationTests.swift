import Engine
import Foundation
@testable import Learn
import XCTest

/// `populationBasedTraining` on a state whose training is known exactly: each round multiplies
/// the member's distance to the goal by (1 - lr), so a larger lr is better, and what a round
/// starts from shows whether the state was inherited.
final class TuningPopulationTests: XCTestCase {
    final class Member {
        var distance: Double
        init(_ distance: Double) { self.distance = distance }
    }

    private struct Round { var start: Double; var end: Double }

    /// A member's state as its distance's bits, as a forked worker sends it back.
    private let codec = MemberCodec<Member>(
        encode: { withUnsafeBytes(of: $0.distance.bitPattern) { Data($0) } },
        load: { data, member in member.distance = Double(bitPattern: data.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) })

    /// `log` is filled only by trials that run in this process (`workers: 1`).
    private func train(seed: UInt64, rounds: Int = 6, failing: Set<Int> = [], workers: Int = 1)
        throws -> (result: SearchResult, members: [Member], log: [Int: Round]) {
        let space = try SearchSpace([("lr", try .logUniform(0.01, 0.5))])
        var log: [Int: Round] = [:]
        let (result, members) = try populationBasedTraining(
            space, population: 8, rounds: rounds, options: TuningOptions(workers: workers, seed: seed),
            start: { _ in Member(1) }, copy: { Member($0.distance) },
            train: { member, trial in
                if failing.contains(trial.index) { throw LearnError.value("broken") }
                let start = member.distance
                member.distance *= 1 - (trial.configuration["lr"]?.number ?? 0)
                log[trial.index] = Round(start: start, end: member.distance)
                return member.distance
            }, codec: codec)
        return (result, members, log)
    }

    func testTheWorstContinueFromACopyOfTheBestAndTheRestFromTheirOwnState() throws {
        let (result, _, log) = try train(seed: 3)
        XCTAssertEqual(result.records.count, 8 * 6)
        XCTAssertEqual(result.generations.count, 6)
        var inherited = 0
        for r in result.records {
            guard let parent = r.parent else {
                XCTAssertEqual(r.generation, 0)
                XCTAssertEqual(log[r.index]?.start, 1)
                continue
            }
            // Every later round starts exactly where its parent's round ended.
            XCTAssertEqual(log[r.index]?.start, log[parent]?.end, "trial \(r.index) from \(parent)")
            XCTAssertEqual(result.record(parent)?.generation, r.generation - 1)
            if parent % 8 != r.index % 8 { inherited += 1 }
        }
        // Two of eight (fraction 0.25) copy another member after each of the first five rounds.
        XCTAssertEqual(inherited, 2 * 5)
    }

    func testExploredSettingsArePerturbedOrResampledFromTheParent() throws {
        let (result, _, _) = try train(seed: 5)
        for r in result.records where r.parent != nil {
            guard let parent = result.record(r.parent ?? -1), let lr = r.configuration["lr"]?.number,
                  let parentLR = parent.configuration["lr"]?.number else { return XCTFail("no lr") }
            XCTAssertTrue(lr >= 0.01 && lr < 0.5, "\(lr)")
            if r.parent.map({ $0 % 8 }) == r.index % 8 {
                XCTAssertEqual(lr, parentLR, "a kept member keeps its settings")
            }
        }
    }

    func testTheScheduleBeatsEveryFixedStartingRateAndTheBestIsFromTheLastRound() throws {
        let (result, members, _) = try train(seed: 7)
        let first = result.generations[0].compactMap { result.record($0)?.configuration["lr"]?.number }
        // Six rounds at the best starting rate, without PBT.
        let fixed = pow(1 - (first.max() ?? 0), 6)
        guard let best = result.best, let score = best.score else { return XCTFail("no best") }
        XCTAssertEqual(best.generation, 5)
        XCTAssertLessThan(score, fixed)
        XCTAssertEqual(members.map(\.distance).min(), score)
        XCTAssertTrue(result.description.contains("round") && result.description.contains("from"))
    }

    func testAFailedMemberIsReplacedByACopyOfABetterOne() throws {
        let (result, _, log) = try train(seed: 2, rounds: 2, failing: [3])
        XCTAssertEqual(result.record(3)?.status, .failed)
        let next = result.record(8 + 3)
        XCTAssertNotEqual(next?.parent, 3)
        XCTAssertEqual(log[8 + 3]?.start, next?.parent.flatMap { log[$0]?.end })
    }

    func testTheSameSeedGivesTheSameSearch() throws {
        let a = try train(seed: 11).result, b = try train(seed: 11).result
        XCTAssertEqual(a.records.map(\.configuration), b.records.map(\.configuration))
        XCTAssertEqual(a.scores, b.scores)
    }

    /// Members trained in forked workers come back through the codec: the search, and every
    /// member's final state, are those of the serial one (a failed round included).
    func testMembersTrainedInWorkersEqualMembersTrainedHere() throws {
        let here = try train(seed: 13, failing: [5, 17]), workers = try train(seed: 13, failing: [5, 17], workers: 2)
        XCTAssertEqual(workers.result.records.map(\.configuration), here.result.records.map(\.configuration))
        XCTAssertEqual(workers.result.records.map(\.parent), here.result.records.map(\.parent))
        XCTAssertEqual(workers.result.records.map(\.score), here.result.records.map(\.score))
        XCTAssertEqual(workers.result.records.map(\.status), here.result.records.map(\.status))
        XCTAssertEqual(workers.members.map(\.distance), here.members.map(\.distance))
        XCTAssertEqual(workers.result.workers, 2)
        XCTAssertTrue(workers.log.isEmpty, "the trials ran in the workers")
    }
}
