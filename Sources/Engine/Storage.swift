import Synchronization

/// Limits on tensor memory, checked before anything is allocated.
public enum Memory {
    private static let limit = Atomic<Int>(1 << 30)

    /// The largest number of elements one tensor may hold; larger requests throw `MemoryError`.
    public static var maxElements: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(newValue, ordering: .relaxed) }
    }
}

/// One contiguous buffer of elements, shared by a tensor and its views.
///
/// Buffers come from and return to `BufferPool`, so a training loop that makes the same shapes
/// every step allocates nothing after its first step.
final class Storage {
    let dtype: DType
    let count: Int
    let raw: UnsafeMutableRawPointer

    /// A buffer for `count` elements; `checked` applies `Memory.maxElements` (copies of tensors
    /// that already exist skip it, and one element is always allowed).
    init(dtype: DType, count: Int, zeroed: Bool = false, checked: Bool = true) throws {
        guard !checked || count <= Swift.max(Memory.maxElements, 1) else {
            throw EngineError(kind: "MemoryError", message:
                "cannot allocate \(count) elements of \(dtype.rawValue): the limit is \(Memory.maxElements) elements")
        }
        self.dtype = dtype
        self.count = count
        let bytes = Swift.max(count * dtype.size, 8)
        raw = BufferPool.take(bytes: bytes)
        if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
    }

    deinit { BufferPool.give(raw, bytes: Swift.max(count * dtype.size, 8)) }

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

    static func take(bytes: Int) -> UnsafeMutableRawPointer {
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
        return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    /// How many requests of a pooled size found no free buffer and went to malloc.
    static var misses: Int { state.withLock { $0.misses } }

    static func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= minPooledBytes else { return p.deallocate() }
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
        if !kept { p.deallocate() }
    }
}
