import Synchronization

/// The one flag that long-running work polls to stop early.
///
/// The kernel's control thread, a SIGINT handler and the REPL set it; training loops, long ops
/// and the interpreter's loops check it between steps and unwind with an interrupt error. It is
/// an atomic so that setting it from a signal handler or another thread is safe.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// Asks whatever is running to stop at its next check.
    public static func request() { flag.store(true, ordering: .relaxed) }

    /// Clears a pending request, before a new cell starts.
    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Whether a stop was requested and not yet taken.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Takes a pending request: returns true once per `request()`.
    public static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
