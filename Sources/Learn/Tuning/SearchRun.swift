import Engine
import Foundation
import Interruption

/// The state every search shares while it runs: the pool, the seed, the records so far.
struct SearchRun {
    let runner: any TrialRunner
    let seed: UInt64
    let options: TuningOptions
    let objective: Objective
    /// The number of trials the search means to run.
    let planned: Int
    private(set) var records: [TrialRecord] = []
    private(set) var interrupted = false
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant

    /// A search of `planned` trials; `options.onStart` hears of it once its runner is ready.
    init(_ options: TuningOptions, planned: Int, _ objective: @escaping Objective) throws {
        start = clock.now  // a cluster's connection and replay count in the search's time
        seed = options.resolvedSeed()
        runner = try options.dispatch.runner(workers: options.workers, seed: seed)
        self.options = options
        self.planned = planned
        self.objective = objective
        options.onStart?(planned)
    }

    /// Runs `configurations` as the next trials (numbered on from the last) and returns their
    /// records; after an interrupt it runs nothing more. An interrupt that stopped the trials is
    /// requested again as the search ends it: the search returns its finished trials (marked
    /// partial) to the statement that called it, and the program stops with `KeyboardInterrupt`
    /// at its next statement, as it would have without the search.
    mutating func evaluate(_ configurations: [Configuration], generation: Int = 0) -> [TrialRecord] {
        run(trials(configurations, generation: generation))
    }

    /// The next trials, numbered on from the last, for `run`. `parents[i]`, when given, is the
    /// trial whose trained state configuration `i` continues, and `states[i]` that state encoded
    /// (population-based training).
    func trials(_ configurations: [Configuration], generation: Int, parents: [Int?] = [], states: [Data?] = []) -> [Trial] {
        let first = records.count
        return configurations.enumerated().map { i, c in
            Trial(index: first + i, configuration: c, seed: trialSeed(seed, first + i), generation: generation,
                  parent: i < parents.count ? parents[i] : nil, state: i < states.count ? states[i] : nil)
        }
    }

    /// Runs `trials` (from `trials(_:generation:)`) as `evaluate` does.
    mutating func run(_ trials: [Trial]) -> [TrialRecord] {
        guard !interrupted else { return [] }
        let (batch, stopped) = runner.run(trials, objective) { options.onTrial?($0) }
        records += batch
        interrupted = stopped
        if stopped { Interrupt.request() }
        return batch
    }

    /// The result, after `settle()`.
    func result(method: String, space: SearchSpace, generations: [[Int]] = []) -> SearchResult {
        settle()
        let d = clock.now - start
        return SearchResult(method: method, space: space, maximize: options.maximize, records: records,
                            plannedTrials: planned, partial: interrupted, seed: seed, generations: generations,
                            seconds: d.seconds,
                            workers: runner.workers, place: runner.place)
    }

    /// Seeds Engine's stream from the search's seed: what a program draws after a search does
    /// not depend on how its trials ran.
    func settle() { Random.seed(trialSeed(seed, -1)) }

    /// A generator for the search's own choices (samples, mutations), apart from the trials'.
    func generator(_ purpose: UInt64) -> SeededGenerator { SeededGenerator(seed: trialSeed(seed ^ purpose, -2)) }
}
