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
