#if canImport(Glibc)
import Glibc
#endif

/// The shell channel: execute and the other requests, one at a time, on the thread that
/// calls `serve()`. After a cell fails with `stop_on_error`, the requests queued behind it
/// are answered `aborted`, as ipykernel does.
final class ShellChannel {
    /// A front end's "Run all" sends its cells back to back, and the failing cell can end
    /// before the last of them arrives: requests that come within this many milliseconds of
    /// the one before count as queued behind the error. ipykernel has the same window
    /// (`stop_on_error_timeout`) for the same reason.
    static let abortWindow = 50
    /// A client that never pauses still gets the error's reply after this many milliseconds.
    static let longestAbort = 2000

    private let requests: RequestSocket
    private let core: KernelCore

    init(requests: RequestSocket, core: KernelCore) {
        self.requests = requests
        self.core = core
    }

    func serve(onShutdown: (Bool) -> Void) {
        var next: Message?
        while let request = next.take() ?? requests.receive() {
            var queued: [Message] = []
            core.handle(request, on: .shell, send: { reply in
                // The reply goes out only after the queue is drained: whatever the front end
                // sends once it has seen the error runs.
                if core.isAborting { queued = drainQueue() }
                requests.send(reply)
            }, beforeIdle: { next = runDeferredWork() })
            for next in queued { core.handle(next, on: .shell) { requests.send($0) } }
            core.finishAborting()
            if let restart = core.shutdownRequested { onShutdown(restart) }
        }
    }

    /// Runs the work the backend deferred while no request is waiting, inside the request being
    /// handled; returns the request that came first (the work, replaced by it or not, then runs
    /// at its end). A burst of messages (a slider dragged, a client sending many at once) thus
    /// coalesces: what arrived while the work ran is handled before the work runs again, so
    /// the newest value wins. It does not wait for more to come: a wait of 2 ms here was half
    /// the protocol's own share of a slider's redraw (Benchmarks/widgets/RESULTS.md), and a
    /// burst then costs at most one early run.
    private func runDeferredWork() -> Message? {
        while core.hasDeferredWork {
            if let waiting = requests.receive(milliseconds: 0) { return waiting }
            core.runDeferredWork()
        }
        return nil
    }

    /// The requests already sent: until none arrives for `abortWindow` milliseconds.
    private func drainQueue() -> [Message] {
        var queued: [Message] = []
        let start = Self.milliseconds()
        while Self.milliseconds() - start < Self.longestAbort,
              let next = requests.receive(milliseconds: Self.abortWindow) {
            queued.append(next)
        }
        return queued
    }

    private static func milliseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
    }
}
