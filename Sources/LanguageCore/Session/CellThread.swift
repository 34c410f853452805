#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread cells run on: one POSIX thread with a large stack, started on the first cell
/// and reused, so that deep recursion ends in `RecursionError` rather than a crash while a
/// trivial cell costs two wake-ups instead of a thread's creation and teardown (which was most
/// of the kernel's `1 + 1` round trip).
///
/// `@unchecked Sendable`: `work`, `finished` and `stopping` are read and written only with
/// `mutex` held; the mutex and the condition are allocated once in `init` and freed in `deinit`,
/// after the thread, which holds a reference while it serves, has let go of it.
final class CellThread: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var work: (() -> Void)?
    private var finished = false
    private var stopping = false

    /// Starts the thread; nil if the system refuses a thread with that stack.
    init?(stackSize: Int) {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        guard pthread_create(&thread, &attributes, { argument in
            Unmanaged<CellThread>.fromOpaque(argument!).takeRetainedValue().serve()
            return nil
        }, retained) == 0 else {
            Unmanaged<CellThread>.fromOpaque(retained).release()
            return nil
        }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    /// Runs `body` on the thread and returns when it has finished.
    func run(_ body: @escaping () -> Void) {
        pthread_mutex_lock(mutex)
        work = body
        finished = false
        pthread_cond_broadcast(changed)
        while !finished { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Lets the thread end once it is idle; it holds the last reference to `self`.
    func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    private func serve() {
        pthread_mutex_lock(mutex)
        while true {
            while work == nil && !stopping { pthread_cond_wait(changed, mutex) }
            guard let body = work else { break }
            work = nil
            pthread_mutex_unlock(mutex)
            body()
            pthread_mutex_lock(mutex)
            finished = true
            pthread_cond_broadcast(changed)
        }
        pthread_mutex_unlock(mutex)
    }
}
