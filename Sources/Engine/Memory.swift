import Foundation
import Synchronization

/// The one check every size a user gives passes before anything is allocated.
///
/// A request is a count of items of a known byte size. It fails with `MemoryError` when the
/// byte count overflows, or exceeds the limit: `DESCENT_MEMORY_LIMIT` (bytes, or with a `K`, `M`,
/// `G` or `T` suffix) if set, otherwise the smaller of physical memory and the address-space limit
/// (`ulimit -v`). A large request (64 MB or more) must also fit in what is left: the limit less
/// what the process already holds, the address space `ulimit -v` leaves, and the memory the system
/// has available, so that doubling a string until it no longer fits ends in `MemoryError`, not in
/// a failed allocation. Tensors also count their live bytes against the limit, so a loop that
/// keeps allocating ends in `MemoryError` rather than in the kernel's death.
public enum Memory {
    private static let limit = Atomic<Int>(defaultLimit())
    private static let live = Atomic<Int>(0)

    /// Bytes that one request, and all live tensors together, may take.
    public static var limitBytes: Int {
        get { limit.load(ordering: .relaxed) }
        set { limit.store(newValue, ordering: .relaxed) }
    }

    /// Bytes held by live tensor storage.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    /// Tensor buffers taken from malloc, not reused from the pool, since the process started: a
    /// debug counter that a warm training step leaves where it was.
    public static var freshBuffers: Int { BufferPool.mallocs }

    /// The bytes `count` items of `size` bytes take, or a MemoryError naming `what` (such as
    /// "zeros" or "str.ljust") when they overflow or exceed the limit.
    @discardableResult
    public static func check(_ count: Int, of size: Int, for what: @autoclosure () -> String) throws -> Int {
        guard count >= 0 else { throw EngineError.value("\(what()): negative size \(count)") }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: Swift.max(size, 1))
        guard !overflow, bytes <= limitBytes else { throw tooLarge(what(), count: Double(count), size: size) }
        // Twice the bytes: building a string or an array this size may grow its buffer past it
        // (measured: 5.5 GB allocated for a 4.3 GB string sum).
        if bytes >= largeRequest, let left = headroom(), bytes > left / 2 {
            throw EngineError(kind: "MemoryError", message:
                "\(what()): \(formatBytes(bytes)) needs up to \(formatBytes(2 * Double(bytes))) while it is built, more than the \(formatBytes(Swift.max(left, 0))) of memory left (limit \(formatBytes(limitBytes)))")
        }
        return bytes
    }

    /// Requests from this size on are checked against the memory left, which costs reading two
    /// small /proc files: nothing next to touching 64 MB.
    static let largeRequest = 64 << 20

    /// The bytes this process may still allocate: the least of the limit less its resident size,
    /// `RLIMIT_AS` less its address space, and the system's available memory; nil off Linux.
    static func headroom() -> Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let pages = statm.split(separator: " ").compactMap { Int($0) }
        guard pages.count >= 2 else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var left = limitBytes - pages[1] * page
        if let space = addressSpaceLimit() { left = Swift.min(left, space - pages[0] * page) }
        if let meminfo = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            left = Swift.min(left, kb * 1024)
        }
        return left
    }

    /// `check` for the product of `dims` (a shape, rows × columns), which may itself overflow;
    /// returns the product.
    @discardableResult
    public static func check(_ dims: [Int], of size: Int, for what: @autoclosure () -> String) throws -> Int {
        var count = 1
        for d in dims {
            guard d >= 0 else { throw EngineError.value("\(what()): negative size \(d)") }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw tooLarge(what(), count: dims.reduce(1.0) { $0 * Double($1) }, size: size) }
            count = p
        }
        try check(count, of: size, for: what())
        return count
    }

    /// `check` for a count computed in floating point (arange, a float size): NaN or a value past
    /// `Int.max` fails like any other oversized request instead of trapping in `Int(_:)`.
    @discardableResult
    public static func check(_ count: Double, of size: Int, for what: @autoclosure () -> String) throws -> Int {
        guard count.isFinite, count < 9.2e18 else { throw tooLarge(what(), count: count, size: size) }
        let n = Swift.max(0, Int(count))
        try check(n, of: size, for: what())
        return n
    }

    /// Counts `bytes` of tensor storage as live; when `checked`, throws instead if live storage
    /// would pass the limit.
    static func acquire(_ bytes: Int, checked: Bool, for what: @autoclosure () -> String) throws {
        let total = live.add(bytes, ordering: .relaxed).newValue
        guard !checked || total <= limitBytes else {
            live.subtract(bytes, ordering: .relaxed)
            throw EngineError(kind: "MemoryError", message:
                "\(what()): \(formatBytes(bytes)) more would bring tensors to \(formatBytes(total)), past the memory limit of \(formatBytes(limitBytes))")
        }
    }

    static func release(_ bytes: Int) { live.subtract(bytes, ordering: .relaxed) }

    private static func tooLarge(_ what: String, count: Double, size: Int) -> EngineError {
        let bytes = count * Double(Swift.max(size, 1))
        let amount = bytes.isFinite ? formatBytes(bytes) : "\(count) items"
        return EngineError(kind: "MemoryError", message: "\(what): \(amount) is more than the memory limit of \(formatBytes(limitBytes))")
    }

    /// `1.5 GB`, `12 MB`, `300 bytes`: sizes in the units people read.
    static func formatBytes<T: BinaryInteger>(_ bytes: T) -> String { formatBytes(Double(bytes)) }

    static func formatBytes(_ bytes: Double) -> String {
        for (unit, scale) in [("EB", 1e18), ("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)] where bytes >= scale {
            return String(format: "%.3g %@", bytes / scale, unit)
        }
        return "\(Int(bytes)) bytes"
    }

    /// The limit from the environment, or the smaller of physical memory and `RLIMIT_AS`.
    static func defaultLimit() -> Int {
        if let text = ProcessInfo.processInfo.environment["DESCENT_MEMORY_LIMIT"], let n = parseBytes(text) { return n }
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        return addressSpaceLimit().map { Swift.min(physical, $0) } ?? physical
    }

    /// `ulimit -v` in bytes (`RLIMIT_AS`), nil when unlimited.
    static func addressSpaceLimit() -> Int? {
        var rl = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: rl.rlim_cur)
    }

    /// `4096`, `512M`, `2G`: a byte count with an optional binary suffix, nil when malformed.
    static func parseBytes(_ text: String) -> Int? {
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        var scale = 1
        if let last = digits.last, let shift = ["K": 10, "M": 20, "G": 30, "T": 40][String(last)] {
            digits.removeLast()
            scale = 1 << shift
        }
        guard let n = Int(digits), n > 0 else { return nil }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? Int.max : bytes
    }
}
