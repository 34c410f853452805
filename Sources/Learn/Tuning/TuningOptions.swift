/// What every search shares: the direction of the score, the workers, the seed, a progress hook.
public struct TuningOptions {
    /// Higher scores are better (accuracy) instead of lower (loss).
    public var maximize: Bool
    /// Trials run at once; nil is one per core, 1 runs them in this process.
    public var workers: Int?
    /// The seed every trial's stream derives from; nil draws one from Engine's `Random`, so
    /// `seed(n)` before the search fixes it.
    public var seed: UInt64?
    /// Called once as the search starts, with the number of trials it plans.
    public var onStart: ((Int) -> Void)?
    /// Called with each finished trial, in trial order.
    public var onTrial: ((TrialRecord) -> Void)?
    /// Where the trials run: local workers unless a cluster is given.
    public var dispatch: TrialDispatch

    public init(maximize: Bool = false, workers: Int? = nil, seed: UInt64? = nil,
                onStart: ((Int) -> Void)? = nil, onTrial: ((TrialRecord) -> Void)? = nil,
                dispatch: TrialDispatch = .local) {
        self.maximize = maximize
        self.workers = workers
        self.seed = seed
        self.onStart = onStart
        self.onTrial = onTrial
        self.dispatch = dispatch
    }

    /// The seed to use, drawn now when none was given; a served replay uses the driver's.
    func resolvedSeed() -> UInt64 {
        if case .serve(let server) = dispatch { return server.seed }
        return seed ?? SeededGenerator.nextSeed()
    }
}
