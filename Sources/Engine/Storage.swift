import Glibc
import Interruption
import Synchronization

/// One contiguous buffer of elements, shared by a tensor and its views.
///
/// Buffers come from and return to `BufferPool`, so a training loop that makes the same shapes
/// every step allocates nothing after its first step.
final class Storage {
    let dtype: DType
    let count: Int
    let raw: UnsafeMutableRawPointer

    /// A buffer for `count` elements. `checked` applies `Memory`'s limits, to the request and to
    /// the live total; copies of tensors that already exist skip them (and one element is always
    /// allowed), but still count toward the live total. A checked request that malloc refuses is a
    /// MemoryError, not a trap.
    init(dtype: DType, count: Int, zeroed: Bool = false, checked: Bool = true) throws {
        let what = "cannot allocate \(count) elements of \(dtype.rawValue)"
        let bytes = Swift.max(checked && count > 1 ? try Memory.check(count, of: dtype.size, for: what) : count * dtype.size, 8)
        try Memory.acquire(bytes, checked: checked && count > 1, for: what)
        guard let raw = BufferPool.take(bytes: bytes) else {
            Memory.release(bytes)
            throw EngineError(kind: "MemoryError", message: "\(what): out of memory")
        }
        self.dtype = dtype
        self.count = count
        self.raw = raw
        if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
    }

    deinit {
        let bytes = Swift.max(count * dtype.size, 8)
        Memory.release(bytes)
        BufferPool.give(raw, bytes: bytes)
    }

    @inline(__always) func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }
}

/// A small size-keyed cache of freed buffers.
///
/// A training loop frees and requests the same few sizes every step, so the sizes are searched
/// linearly (faster than hashing for a few dozen keys) and a hit skips malloc, whose consolidation
/// of mid-sized chunks showed up in profiles. Tiny buffers go straight to malloc.
enum BufferPool {
    private struct State {
        var sizes: [Int] = []
        var free: [[UnsafeMutableRawPointer]] = []
        var pooledBytes = 0
        var misses = 0
    }
    private static let state = Mutex(State())
    private static let minPooledBytes = 256
    private static let maxPooledBytes = 512 << 20
    private static let maxPerSize = 16
    private static let maxSizes = 64

    /// A buffer of `bytes`, from the pool or from malloc; nil when malloc fails.
    static func take(bytes: Int) -> UnsafeMutableRawPointer? {
        if bytes >= minPooledBytes {
            let reused = state.withLock { s -> UnsafeMutableRawPointer? in
                guard let i = s.sizes.firstIndex(of: bytes), let p = s.free[i].popLast() else {
                    s.misses += 1
                    return nil
                }
                s.pooledBytes -= bytes
                return p
            }
            if let reused { return reused }
        }
        var p: UnsafeMutableRawPointer?
        return posix_memalign(&p, 64, bytes) == 0 ? p : nil
    }

    /// How many requests of a pooled size found no free buffer and went to malloc.
    static var misses: Int { state.withLock { $0.misses } }

    static func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= minPooledBytes else { return free(p) }
        let kept = state.withLock { s -> Bool in
            guard s.pooledBytes + bytes <= maxPooledBytes else { return false }
            if let i = s.sizes.firstIndex(of: bytes) {
                guard s.free[i].count < maxPerSize else { return false }
                s.free[i].append(p)
            } else if s.sizes.count < maxSizes {
                s.sizes.append(bytes)
                s.free.append([p])
            } else if let empty = s.free.firstIndex(where: \.isEmpty) {
                s.sizes[empty] = bytes
                s.free[empty] = [p]
            } else {
                return false
            }
            s.pooledBytes += bytes
            return true
        }
        if !kept { free(p) }
    }
}
