extension Duration {
    /// The duration in seconds, as the wall times that runs, trials and `perf_counter()` report.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
