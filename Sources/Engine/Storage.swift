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
        // A function, not a string: the message is only formatted when a request fails (formatting
        // it for every tensor was one heap allocation per tensor of every step).
        func what() -> String { "cannot allocate \(count) elements of \(dtype.rawValue)" }
        let bytes = Swift.max(checked && count > 1 ? try Memory.check(count, of: dtype.size, for: what()) : count * dtype.size, 8)
        try Memory.acquire(bytes, checked: checked && count > 1, for: what())
        guard let raw = BufferPool.take(bytes: bytes) else {
            Memory.release(bytes)
            throw EngineError(kind: "MemoryError", message: "\(what()): out of memory")
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
/// of mid-sized chunks showed up in profiles. Every size is pooled, down to a scalar's 8 bytes,
/// so that a warm step takes nothing from malloc (`Memory.freshBuffers` counts what does).
enum BufferPool {
    private struct State {
        var sizes: [Int] = []
        /// Free buffers by size, as addresses: a `Mutex`'s state must be `Sendable`, and a buffer
        /// in the pool belongs to no tensor, so nothing else refers to it.
        var free: [[UInt]] = []
        /// When each size was last given or taken, on `clock`: a new size replaces the size
        /// unused for longest, so that sizes from earlier work do not keep a loop's sizes out.
        var lastUse: [UInt64] = []
        var clock: UInt64 = 0
        var pooledBytes = 0
        var mallocs = 0
    }
    private static let state = Mutex(State())
    private static let maxPooledBytes = 512 << 20
    private static let maxPerSize = 16
    private static let maxSizes = 64

    /// A buffer of `bytes`, from the pool or from malloc; nil when malloc fails.
    static func take(bytes: Int) -> UnsafeMutableRawPointer? {
        let reused = state.withLock { s -> UnsafeMutableRawPointer? in
            guard let i = s.sizes.firstIndex(of: bytes), let p = s.free[i].popLast() else {
                s.mallocs += 1
                return nil
            }
            s.clock += 1
            s.lastUse[i] = s.clock
            s.pooledBytes -= bytes
            return UnsafeMutableRawPointer(bitPattern: p)
        }
        if let reused { return reused }
        var p: UnsafeMutableRawPointer?
        return posix_memalign(&p, 64, bytes) == 0 ? p : nil
    }

    /// How many requests found no free buffer and went to malloc.
    static var mallocs: Int { state.withLock { $0.mallocs } }

    static func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        let address = UInt(bitPattern: p)
        // The buffer itself when the pool is full, or the buffers of the size it evicted.
        let unpooled = state.withLock { s -> [UInt] in
            s.clock += 1
            if let i = s.sizes.firstIndex(of: bytes) {
                guard s.free[i].count < maxPerSize, s.pooledBytes + bytes <= maxPooledBytes else { return [address] }
                s.free[i].append(address)
                s.lastUse[i] = s.clock
                s.pooledBytes += bytes
                return []
            }
            var evicted: [UInt] = []
            if s.sizes.count < maxSizes {
                s.sizes.append(bytes)
                s.free.append([])
                s.lastUse.append(0)
            } else {
                let oldest = s.lastUse.indices.min { s.lastUse[$0] < s.lastUse[$1] }!
                evicted = s.free[oldest]
                s.pooledBytes -= evicted.count * s.sizes[oldest]
                s.sizes[oldest] = bytes
                s.free[oldest] = []
            }
            let i = s.sizes.firstIndex(of: bytes)!
            s.lastUse[i] = s.clock
            guard s.pooledBytes + bytes <= maxPooledBytes else { return evicted + [address] }
            s.free[i].append(address)
            s.pooledBytes += bytes
            return evicted
        }
        for a in unpooled { free(UnsafeMutableRawPointer(bitPattern: a)) }
    }
}

extension Memory {
    /// Tensor buffers taken from malloc, not reused from the pool, since the process started: a
    /// debug counter that a warm training step leaves where it was.
    public static var freshBuffers: Int { BufferPool.mallocs }
}
