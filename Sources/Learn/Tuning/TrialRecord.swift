/// The outcome of one trial, as a search result keeps it.
public struct TrialRecord: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Finished with a finite score.
        case ok
        /// Threw an error (or its worker process died).
        case failed
        /// Its training diverged, or it returned NaN or an infinite score.
        case diverged
    }

    public var index: Int
    public var configuration: Configuration
    public var generation: Int
    /// For `pbt`: the trial whose trained state this one continued.
    public var parent: Int? = nil
    public var status: Status
    /// The score, for `ok` trials only.
    public var score: Double?
    /// Why the trial failed or diverged: `Kind: message`.
    public var error: String?
    /// Wall time of the objective, in seconds.
    public var seconds: Double
    /// What the trial logged (see `Trial.log`).
    public var output: String
    /// The Ray node that ran it; nil for a local trial.
    public var node: String? = nil
    /// How often its Ray task was submitted again after its worker or node died; nil when never.
    public var retries: Int? = nil

    /// Whether `self` ranks before `other`: finished trials by score (ties by trial index), then
    /// the rest by trial index.
    public func ranksBefore(_ other: TrialRecord, maximize: Bool) -> Bool {
        switch (score, other.score) {
        case let (a?, b?):
            if a != b { return maximize ? a > b : a < b }
            return index < other.index
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return index < other.index
        }
    }
}
