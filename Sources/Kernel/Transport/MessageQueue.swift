#if canImport(Glibc)
import Glibc
#endif

/// A first-in first-out queue that many threads push to and one thread drains, blocking
/// while it is empty: how outputs reach the thread that owns the IOPub socket.
/// Sendable because every access to `items` and `inFlight` holds `mutex`.
final class MessageQueue: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Message] = []
    private var inFlight = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    func push(_ message: Message) {
        pthread_mutex_lock(mutex)
        items.append(message)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Everything queued, waiting until there is something; the batch counts as in flight
    /// until `done()`.
    func popAll() -> [Message] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while items.isEmpty { pthread_cond_wait(condition, mutex) }
        let batch = items
        items.removeAll(keepingCapacity: true)
        inFlight = batch.count
        return batch
    }

    func done() {
        pthread_mutex_lock(mutex)
        inFlight = 0
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until everything pushed so far was sent, or `milliseconds` passed.
    func waitUntilEmpty(milliseconds: Int) {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let nanoseconds = deadline.tv_nsec + milliseconds % 1000 * 1_000_000
        deadline.tv_sec += milliseconds / 1000 + nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        pthread_mutex_lock(mutex)
        while !(items.isEmpty && inFlight == 0) {
            if pthread_cond_timedwait(condition, mutex, &deadline) != 0 { break }
        }
        pthread_mutex_unlock(mutex)
    }
}
