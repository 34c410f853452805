import COpenBLAS
import Synchronization

/// Which OpenBLAS kernels run.
///
/// OpenBLAS is opened on the first call into it (`COpenBLAS`), which also corrects the kernel
/// family where Debian's OpenBLAS misdetects the CPU (see `OpenBLASFunctions.c`).
public enum BLASCore {
    /// The kernel family OpenBLAS chose, e.g. "SkylakeX" or "Prescott".
    public static var name: String { String(cString: openblas_get_corename()) }

    /// Opens OpenBLAS now rather than at the first product: before forking workers, so that they
    /// inherit it instead of each opening it.
    public static func open() { _ = openblas_get_num_threads() }
}

/// OpenBLAS's thread count, chosen per GEMM by its size.
///
/// Small GEMMs lose to threading overhead: for the lecture's shapes (64x1000x100 and smaller) one
/// thread ran the five GEMMs of 500 steps in 0.114 s, two threads in 0.147 s.
public enum BLASThreads {
    /// The count last set, so that a run of same-sized GEMMs sets it once. Atomic because threads
    /// that train side by side all go through `prepare` (OpenBLAS's count itself is process-wide).
    private static let current = Atomic<Int>(-1)

    /// Multiply-adds (m·n·k) below which a GEMM runs on one thread.
    // nonisolated(unsafe): written only before any training runs (by benchmarks, and by
    // `useOneThread` in a forked tuning worker before its first trial), read-only afterwards.
    nonisolated(unsafe) public static var singleThreadBelow = 1 << 24

    /// The most threads a large GEMM may use: the processors OpenBLAS sees (read from the machine,
    /// not from the current setting, which `prepare` may already have lowered to one).
    public static let maxThreads = Int(openblas_get_num_procs())

    /// Runs every later GEMM of this process on one thread: for worker processes, which
    /// already fill the cores between them.
    public static func useOneThread() {
        singleThreadBelow = .max
        prepare(m: 0, n: 0, k: 0)
    }

    static func prepare(m: Int, n: Int, k: Int) {
        let want = m * n * k < singleThreadBelow ? 1 : maxThreads
        if current.exchange(want, ordering: .relaxed) != want {
            openblas_set_num_threads(Int32(want))
        }
    }
}

/// How large GEMMs are cut so that an interrupt is seen between the pieces.
///
/// A GEMM of `above` multiply-adds or more runs as slices of its inner dimension k, each one
/// BLAS call that accumulates into C. Slicing k costs one more pass over C per slice (read and
/// written) and nothing else: OpenBLAS packs each part of A and B once either way, and itself
/// updates C once per block of k. Row blocks of C cost far more, since every call packs all of
/// B again: on a 4000² product here, 16 row blocks took 1.6x the untiled time, 16 slices of k
/// 1.07x. The slice width is a function of the shape only, so the same product always sums in
/// the same order. The lecture's shapes (at most 64x1000x100, 6.4M multiply-adds) stay far below
/// `above` and run in one call. Settable for the tests and the tiling benchmark, which write them
/// on the thread that runs the GEMMs and never during one (hence `nonisolated(unsafe)`).
public enum GEMMTiles {
    /// Multiply-adds (m·n·k) from which a GEMM runs in slices: 2^27, about 3 ms on two cores.
    // nonisolated(unsafe) here and below: see the type's comment (written between GEMMs only).
    nonisolated(unsafe) public static var above = 1 << 27

    /// Multiply-adds per slice: 2^32, about 40 ms at 100 G multiply-adds/s, 100 ms at the 40 G of
    /// the two contended cores this was measured on (`Benchmarks/kernel/RESULTS.md`).
    nonisolated(unsafe) static var perSlice = 1 << 32

    /// The narrowest slice: below it the extra passes over C cost more than a few percent.
    nonisolated(unsafe) static var narrowest = 256

    /// The inner-dimension width of each slice; k itself for a GEMM that is not sliced.
    public static func depth(m: Int, n: Int, k: Int) -> Int {
        let area = Swift.max(m.multipliedReportingOverflow(by: n).overflow ? Int.max : m * n, 1)
        guard k > narrowest, Double(area) * Double(k) >= Double(above) else { return Swift.max(k, 1) }
        let wanted = (perSlice / area + 63) / 64 * 64
        return Swift.min(Swift.max(wanted, narrowest), k)
    }
}
