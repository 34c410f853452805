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

/// A small size-keyed cache of freed buffers of at least 4 KiB (smaller ones go straight to malloc,
/// which is faster for them than a lock and a lookup).
enum BufferPool {
    private static let minPooledBytes = 4096
    private struct State {
        var free: [Int: [UnsafeMutableRawPointer]] = [:]
        var pooledBytes = 0
    }
    private static let state = Mutex(State())
    private static let maxPooledBytes = 512 << 20
    private static let maxPerSize = 16

    static func take(bytes: Int) -> UnsafeMutableRawPointer {
        guard bytes >= minPooledBytes else { return UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64) }
        let reused = state.withLock { s -> UnsafeMutableRawPointer? in
            guard let p = s.free[bytes]?.popLast() else { return nil }
            s.pooledBytes -= bytes
            return p
        }
        return reused ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    }

    static func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        guard bytes >= minPooledBytes else { return p.deallocate() }
        let kept = state.withLock { s -> Bool in
            guard s.pooledBytes + bytes <= maxPooledBytes, s.free[bytes, default: []].count < maxPerSize else { return false }
            s.free[bytes, default: []].append(p)
            s.pooledBytes += bytes
            return true
        }
        if !kept { p.deallocate() }
    }
}
