import Glibc
import Interruption
import Synchronization

/// One contiguous buffer of elements, shared by a tensor and its views.
///
/// When the last tensor over a storage dies, the storage goes back to `StoragePool` whole,
/// object and buffer (see `Tensor.deinit`), so a training loop that makes the same shapes every
/// step allocates neither after its first step.
final class Storage {
    /// Set anew each time the pool hands the storage out; the buffer keeps its size.
    private(set) var dtype: DType
    private(set) var count: Int
    let raw: UnsafeMutableRawPointer
    /// The buffer's size in bytes: the pool's key.
    let bytes: Int
    /// Whether the storage sits in the pool, its bytes no longer counted as live.
    fileprivate var isPooled = false

    /// A storage for `count` elements, from the pool or new. `checked` applies `Memory`'s limits,
    /// to the request and to the live total; copies of tensors that already exist skip them (and
    /// one element is always allowed), but still count toward the live total. A checked request
    /// that malloc refuses is a MemoryError, not a trap.
    static func make(dtype: DType, count: Int, zeroed: Bool = false, checked: Bool = true) throws -> Storage {
        // A function, not a string: the message is only formatted when a request fails (formatting
        // it for every tensor was one heap allocation per tensor of every step).
        func what() -> String { "cannot allocate \(count) elements of \(dtype.rawValue)" }
        let bytes = Swift.max(checked && count > 1 ? try Memory.check(count, of: dtype.size, for: what()) : count * dtype.size, 8)
        do {
            try Memory.acquire(bytes, checked: checked && count > 1, for: what())
        } catch {
            // Dead tensors that the recycler still holds may hold what is missing.
            ThreadState.current.recycler.drain()
            try Memory.acquire(bytes, checked: checked && count > 1, for: what())
        }
        let storage: Storage
        if let pooled = StoragePool.take(bytes: bytes) {
            pooled.dtype = dtype
            pooled.count = count
            storage = pooled
        } else {
            var p: UnsafeMutableRawPointer?
            guard posix_memalign(&p, 64, bytes) == 0, let p else {
                Memory.release(bytes)
                throw EngineError(kind: "MemoryError", message: "\(what()): out of memory")
            }
            storage = Storage(dtype: dtype, count: count, raw: p, bytes: bytes)
        }
        if zeroed { storage.raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes) }
        return storage
    }

    private init(dtype: DType, count: Int, raw: UnsafeMutableRawPointer, bytes: Int) {
        (self.dtype, self.count, self.raw, self.bytes) = (dtype, count, raw, bytes)
    }

    /// Reached only by a storage that the pool did not keep (full) or evicted, or one that a
    /// tensor did not hand back (another holder still had it when the tensor died).
    deinit {
        if !isPooled { Memory.release(bytes) }
        free(raw)
    }

    @inline(__always) func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        raw.assumingMemoryBound(to: T.self)
    }
}

/// A small size-keyed cache of storages that no tensor holds any more.
///
/// A training loop frees and requests the same few sizes every step, so the sizes are searched
/// linearly (faster than hashing for a few dozen keys) and a hit skips malloc twice (the buffer,
/// whose consolidation of mid-sized chunks showed up in profiles, and the object). Every size is
/// pooled, down to a scalar's 8 bytes, so that a warm step takes nothing from malloc for its
/// tensors' storage (`Memory.freshBuffers` counts what does).
enum StoragePool {
    private struct State {
        var sizes: [Int] = []
        /// Pooled storages by size, as the addresses of retained references: a `Mutex`'s state
        /// must be `Sendable`, and a storage in the pool belongs to no tensor, so no other thread
        /// refers to it.
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

    /// A pooled storage of `bytes`, or nil (counted as a fresh buffer) when there is none.
    static func take(bytes: Int) -> Storage? {
        let address = state.withLock { s -> UInt? in
            guard let i = s.sizes.firstIndex(of: bytes), let a = s.free[i].popLast() else {
                s.mallocs += 1
                return nil
            }
            s.clock += 1
            s.lastUse[i] = s.clock
            s.pooledBytes -= bytes
            return a
        }
        guard let address else { return nil }
        let storage = Unmanaged<Storage>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeRetainedValue()
        storage.isPooled = false
        return storage
    }

    /// How many requests found no pooled storage and went to malloc.
    static var mallocs: Int { state.withLock { $0.mallocs } }

    /// Keeps `storage`, which no tensor holds any more, for a later request of its size.
    static func give(_ storage: Storage) {
        let bytes = storage.bytes
        storage.isPooled = true
        Memory.release(bytes)
        let address = UInt(bitPattern: Unmanaged.passRetained(storage).toOpaque())
        // The storage itself when the pool is full, or the storages of the size it evicted.
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
        for a in unpooled { Unmanaged<Storage>.fromOpaque(UnsafeRawPointer(bitPattern: a)!).release() }
    }
}

extension Memory {
    /// Tensor buffers taken from malloc, not reused from the pool, since the process started: a
    /// debug counter that a warm training step leaves where it was.
    public static var freshBuffers: Int { StoragePool.mallocs }
}
