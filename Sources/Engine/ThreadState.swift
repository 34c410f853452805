#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The engine's per-thread mutable state: whether ops record a graph (`Autograd.noGrad` nests),
/// the random stream (`Random`), whether a `Trace` is recording, and the objects a training step
/// reuses (backward's traversal, graph nodes, tensors).
///
/// Per thread, not per process, so that threads can train side by side: a `noGrad` on one thread
/// does not switch recording off on another, and each thread's seeded stream gives the numbers it
/// would give alone. A new thread starts recording, with the stream seeded as `seed(0)` would.
final class ThreadState {
    /// How many `noGrad` bodies are running on this thread; ops record when it is zero.
    var gradDisabledDepth = 0
    var random = Random.PCG32(seed: 0)
    /// Whether a `Trace` is recording on this thread: reading a value the recorded path would
    /// depend on is then an error.
    var tracing = false
    /// Backward's traversal arrays, empty between calls and kept with their room, so that a
    /// training step's `backward()` allocates neither (see `Autograd.run`).
    var traversal = Traversal()
    /// Graph nodes whose tensors died, for `Graph.record` to reuse (see `Graph.release`). Exempt
    /// from exclusivity checks, as the counters below: only this thread reaches them, and each
    /// use is one statement that runs no other code.
    @exclusivity(unchecked) var spareNodes: [GraphNode] = []
    /// The tensors this thread made, to make again once dead (see `TensorRecycler`).
    let recycler = TensorRecycler()
    /// Tensor objects and graph nodes this thread took from malloc (see `Memory.freshTensorObjects`).
    @exclusivity(unchecked) var freshTensors = 0
    @exclusivity(unchecked) var freshNodes = 0

    /// This thread's state, made on its first use and released when the thread exits.
    static var current: ThreadState {
        @inline(__always) get {
            if let p = pthread_getspecific(key) { return Unmanaged<ThreadState>.fromOpaque(p).takeUnretainedValue() }
            let state = ThreadState()
            pthread_setspecific(key, Unmanaged.passRetained(state).toOpaque())
            return state
        }
    }

    /// The key under which each thread keeps its state; the destructor releases it at thread exit.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { p in
            let p: UnsafeMutableRawPointer? = p
            if let p { Unmanaged<ThreadState>.fromOpaque(p).release() }
        }
        precondition(status == 0, "pthread_key_create failed")
        return key
    }()
}
