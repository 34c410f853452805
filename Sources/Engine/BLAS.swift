import COpenBLAS

/// Which OpenBLAS kernels run.
///
/// OpenBLAS is opened on the first call into it (`COpenBLAS`), which also corrects the kernel
/// family where Debian's OpenBLAS misdetects the CPU (see `OpenBLASFunctions.c`).
public enum BLASCore {
    /// The kernel family OpenBLAS chose, e.g. "SkylakeX" or "Prescott".
    public static var name: String { String(cString: openblas_get_corename()) }
}

/// OpenBLAS's thread count, chosen per GEMM by its size.
///
/// Small GEMMs lose to threading overhead: for the lecture's shapes (64x1000x100 and smaller) one
/// thread ran the five GEMMs of 500 steps in 0.114 s, two threads in 0.147 s.
public enum BLASThreads {
    nonisolated(unsafe) private static var current = -1

    /// Multiply-adds (m·n·k) below which a GEMM runs on one thread.
    nonisolated(unsafe) public static var singleThreadBelow = 1 << 24

    /// The most threads a large GEMM may use: the processors OpenBLAS sees (read from the machine,
    /// not from the current setting, which `prepare` may already have lowered to one).
    public static let maxThreads = Int(openblas_get_num_procs())

    static func prepare(m: Int, n: Int, k: Int) {
        let want = m * n * k < singleThreadBelow ? 1 : maxThreads
        if want != current {
            openblas_set_num_threads(Int32(want))
            current = want
        }
    }
}

/// How large GEMMs are cut into row blocks so that an interrupt is seen between blocks.
///
/// A block costs one more packing of b inside OpenBLAS, so blocks are as large as the latency
/// allows: each is sized from the time the previous one took to last about `seconds`. The
/// lecture's shapes (at most 64x1000x100, 6.4M multiply-adds) stay far below `above` and run in
/// one call. Settable for the tests and the tiling benchmark.
public enum GEMMTiles {
    /// Multiply-adds (m·n·k) from which a GEMM runs in blocks: 2^27, about 10 ms on one core.
    nonisolated(unsafe) public static var above = 1 << 27

    /// The time one block should take, well inside the 100 ms between interrupt checks.
    nonisolated(unsafe) public static var seconds = 0.04

    /// Block heights are multiples of this (OpenBLAS's row unrolling divides it), at least one.
    static let rowMultiple = 16

    /// Multiply-adds the first block gets, before any block was timed: 2^28.
    static let firstBlock = 1 << 28

    /// Rows for the next block, from the measured seconds per row (nil for the first block).
    static func rows(perRow: Int, secondsPerRow: Double?) -> Int {
        let want = secondsPerRow.map { $0 > 0 ? seconds / $0 : Double(Int.max) } ?? Double(firstBlock / perRow)
        let rows = Int(Swift.min(want, Double(1 << 30))) / rowMultiple * rowMultiple
        return Swift.max(rows, rowMultiple)
    }
}
