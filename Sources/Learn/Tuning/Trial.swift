import Engine
import Foundation

/// What a search evaluates: a function of one trial's hyper-parameters that returns its score
/// (lower is better unless the search maximizes). Throwing records the trial as failed.
public typealias Objective = (Trial) throws -> Double

/// One evaluation in a search: its configuration, its place, and the seed of its random stream.
///
/// Before the objective runs, Engine's `Random` is seeded with `seed`, so a trial draws the same
/// numbers (initial weights, batch order) whether it runs alone, in a serial search or in a
/// worker process beside others.
public final class Trial {
    public let index: Int
    public let configuration: Configuration
    public let seed: UInt64
    /// The `evolve` generation or `pbt` round the trial belongs to (0 for grid and random search).
    public let generation: Int
    /// For `pbt`: the trial whose trained state this one continues (nil in round 0 and elsewhere).
    public let parent: Int?
    /// For `pbt` in worker processes or on a cluster: the member's state this trial trains on
    /// from, encoded, since the trial runs in another process; nil where the member is at hand.
    public let state: Data?
    /// For `pbt`: the member's state after the trial trained it (or failed in its round), encoded,
    /// to travel back to the search; nil when `state` was nil or the trial's process died.
    public internal(set) var trainedState: Data?
    /// Text the trial wants shown (a language binding's captured `print`s); it travels back
    /// from a worker process with the score and is reported in trial order.
    public private(set) var output = ""

    init(index: Int, configuration: Configuration, seed: UInt64, generation: Int = 0, parent: Int? = nil,
         state: Data? = nil) {
        self.index = index
        self.configuration = configuration
        self.seed = seed
        self.generation = generation
        self.parent = parent
        self.state = state
    }

    /// Appends to `output`.
    public func log(_ text: String) { output += text }
}

/// Thrown by an objective whose training diverged (the loss became NaN or infinite), so that
/// the trial is recorded as diverged, with this message, rather than as failed.
public struct TrialDiverged: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The seed of trial `index` in a search seeded with `base`: one SplitMix64 step from a point
/// that depends on both, so neighbouring trials get unrelated streams.
func trialSeed(_ base: UInt64, _ index: Int) -> UInt64 {
    var g = SeededGenerator(seed: base &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    return g.next()
}
