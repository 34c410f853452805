import Synchronization

/// The one flag that long-running work polls to stop early.
///
/// In the lowest module so that every layer that runs long work (Engine's ops, Plot's
/// rendering, Learn's searches, the language's loops) can look at it without depending on
/// another; `Interrupt+Checks.swift` adds the throwing checks (`check()`, `stopIfRequested()`)
/// that raise `KeyboardInterrupt` as an `EngineError`.
///
/// The kernel's control thread, a SIGINT handler and the REPL set it; training loops, long ops
/// and the interpreter's loops check it between steps and unwind with an interrupt error. It is
/// an atomic so that setting it from a signal handler or another thread is safe.
///
/// Long ops look at it between pieces of work: GEMMs of `GEMMTiles.above` multiply-adds or more
/// run in slices of their inner dimension, element loops and random fills in `chunk`-element
/// pieces, each followed by `check()`. The session clears it when a cell starts (an interrupt between
/// cells is dropped, as in ipykernel) and takes it when a cell ends, so that an interrupt that
/// arrived after the cell's last check still ends the cell with `KeyboardInterrupt`.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)
    private static let requests = Atomic<Int>(0)

    /// Elements an element loop or a random fill handles between two checks: at a few
    /// nanoseconds per element, well under a millisecond of work.
    public static let chunk = 1 << 16

    /// Asks whatever is running to stop at its next check.
    public static func request() {
        requests.add(1, ordering: .relaxed)
        flag.store(true, ordering: .relaxed)
    }

    /// How many requests were made since the process started: work that stops silently at a
    /// request and keeps its result (Plot's cached backgrounds) compares it before and after, as
    /// the request may be taken by another thread before it looks at `isRequested`.
    public static var requestCount: Int { requests.load(ordering: .relaxed) }

    /// Clears a pending request, before a new cell starts.
    public static func clear() { flag.store(false, ordering: .relaxed) }

    /// Whether a stop was requested and not yet taken.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Takes a pending request: returns true once per `request()`.
    public static func take() -> Bool { flag.exchange(false, ordering: .relaxed) }
}
