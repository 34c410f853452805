import Foundation

/// The scores of k-fold cross-validation and their mean and standard deviation.
public struct CrossValidation: CustomStringConvertible {
    /// One record per fold that finished (the fold is the trial index), in fold order.
    public let folds: [TrialRecord]
    public let k: Int
    /// True when an interrupt stopped it before every fold ran.
    public let partial: Bool

    /// The scores of the folds that finished.
    public var scores: [Double] { folds.compactMap(\.score) }

    /// The mean over finished folds (NaN when none finished).
    public var mean: Double { scores.isEmpty ? .nan : scores.reduce(0, +) / Double(scores.count) }

    /// The population standard deviation over finished folds (NumPy's `std`, ddof 0).
    public var std: Double {
        let m = mean
        return scores.isEmpty ? .nan : (scores.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(scores.count)).squareRoot()
    }

    /// `cross_validate: 5 folds, mean 0.1234 ± 0.0123 (std)`, with failures named.
    public var description: String {
        var s = "cross_validate: \(k) folds, mean \(formatScore(mean)) ± \(formatScore(std)) (std)"
        s += "; scores [" + folds.map { $0.score.map(formatScore) ?? $0.status.rawValue }.joined(separator: ", ") + "]"
        let failed = folds.filter { $0.score == nil }
        if !failed.isEmpty {
            s += "; " + failed.map { "fold \($0.index) \($0.status.rawValue): \($0.error ?? "")" }.joined(separator: "; ")
        }
        if partial { s += " (interrupted after \(folds.count) of \(k) folds)" }
        return s
    }
}

/// K-fold cross-validation: cuts `data` into `k` folds after one shuffle fixed by the seed
/// (Learn's `kfold`), and scores `body(training, validation, trial)` once per fold, each fold
/// held out exactly once. Folds run in parallel like a search's trials; the trial's index is
/// the fold's and its configuration is empty.
public func crossValidate(_ data: Dataset, k: Int, options: TuningOptions = TuningOptions(),
                          _ body: @escaping (Dataset, Dataset, Trial) throws -> Double) throws -> CrossValidation {
    var seeded = options
    seeded.seed = options.resolvedSeed()
    let folds = try kfold(data, k, seed: trialSeed(seeded.seed ?? 0, -3))
    var run = try SearchRun(seeded, planned: k) { trial in
        try body(folds[trial.index].train, folds[trial.index].validation, trial)
    }
    let records = run.evaluate([Configuration](repeating: Configuration([]), count: k))
    run.settle()
    return CrossValidation(folds: records, k: k, partial: run.interrupted)
}
