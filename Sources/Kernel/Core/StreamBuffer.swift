#if canImport(Glibc)
import Glibc
#endif
import JSON

/// Stream text on its way to IOPub, batched as ipykernel's `OutStream` batches it: a cell that
/// prints 30,000 lines sends a few `stream` messages, not 30,000, which front ends could not
/// take (JupyterLab needed 27 s for them and Jupyter Server dropped some as over its rate).
///
/// Text written is held and sent as one message when
/// - `interval` has passed since the first text held (a timer thread sends it even while the
///   cell computes without writing: a line printed before a long computation shows at once),
/// - the text held reaches `sizeLimit` bytes,
/// - the stream or the request changes (stdout and stderr stay in the order written),
/// - or `flush()` is called: before any other output of the cell (display, result, error,
///   clear_output, an input request) and when it ends, so ordering holds.
///
/// Thread safety: every field is guarded by `mutex`; messages are published while it is held,
/// so a timer flush can never overtake the output that a later flush precedes.
final class StreamBuffer: @unchecked Sendable {
    /// ipykernel's `flush_interval`: a printed line shows within a fifth of a second, and a
    /// loop that prints for a second sends five messages.
    static let defaultInterval = 0.2
    /// Held text past this size goes out at once: a bound on memory and on one message.
    static let sizeLimit = 1 << 20

    private struct Pending {
        let parent: Message
        let name: StreamName
        var text: String
        let deadline: timespec
    }

    private let factory: MessageFactory
    private let publish: (Message) -> Void
    private let interval: Double
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending: Pending?

    /// `publish` is called from the writing thread or from the timer thread, one at a time.
    init(factory: MessageFactory, interval: Double = defaultInterval, publish: @escaping (Message) -> Void) {
        self.factory = factory
        self.publish = publish
        self.interval = interval
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        // The timer holds the buffer weakly between waits, so a buffer nobody uses goes away
        // (and its thread ends) within a second.
        startThread { [weak self] in
            while let buffer = self { buffer.sendWhenDue() }
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Holds `text` for the `name` stream of the request `parent`.
    func write(_ text: String, name: StreamName, parent: Message) {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let held = pending, held.name != name || held.parent.id != parent.id { sendLocked() }
        if pending == nil {
            pending = Pending(parent: parent, name: name, text: "", deadline: Self.now(plus: interval))
            pthread_cond_signal(condition)
        }
        pending!.text += text
        if pending!.text.utf8.count >= Self.sizeLimit { sendLocked() }
    }

    /// Sends what is held now.
    func flush() {
        pthread_mutex_lock(mutex)
        sendLocked()
        pthread_mutex_unlock(mutex)
    }

    private func sendLocked() {
        guard let held = pending else { return }
        pending = nil
        publish(factory.message("stream", content: ["name": .string(held.name.rawValue), "text": .string(held.text)],
                                parent: held.parent))
    }

    /// The timer: waits until held text is due and sends it, or at most a second when none is.
    private func sendWhenDue() {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var deadline = pending?.deadline ?? Self.now(plus: 1)
        while pthread_cond_timedwait(condition, mutex, &deadline) == 0 {
            // Woken by a write: wait for the new text's deadline instead.
            guard let due = pending?.deadline else { return }
            deadline = due
        }
        if let held = pending, Self.compare(held.deadline, Self.now(plus: 0)) <= 0 { sendLocked() }
    }

    private static func now(plus seconds: Double) -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let nanoseconds = Int(time.tv_nsec) + Int(seconds * 1e9)
        time.tv_sec += nanoseconds / 1_000_000_000
        time.tv_nsec = nanoseconds % 1_000_000_000
        return time
    }

    private static func compare(_ a: timespec, _ b: timespec) -> Int {
        a.tv_sec != b.tv_sec ? (a.tv_sec < b.tv_sec ? -1 : 1) : (a.tv_nsec < b.tv_nsec ? -1 : a.tv_nsec == b.tv_nsec ? 0 : 1)
    }
}
