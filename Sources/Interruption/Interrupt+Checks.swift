/// The checks that turn a pending interrupt into `KeyboardInterrupt`, for the ops and loops
/// that look for one (see `Interrupt` for when they look).
extension Interrupt {
    /// Takes a pending request and throws `KeyboardInterrupt` for it; otherwise returns at the
    /// cost of one relaxed load.
    @inline(__always)
    public static func check() throws {
        if isRequested, take() { throw EngineError.interrupted }
    }

    /// Throws `KeyboardInterrupt` while a request is pending but leaves it pending: for work whose
    /// caller may turn errors into output (a figure rendered for display), so that the session
    /// still ends the cell with the interrupt.
    public static func stopIfRequested() throws {
        if isRequested { throw EngineError.interrupted }
    }
}
