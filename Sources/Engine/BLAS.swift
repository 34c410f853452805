import COpenBLAS
import Foundation

/// Which OpenBLAS kernels run, and a fix for CPUs that OpenBLAS 0.3.21 does not recognize.
///
/// Debian's OpenBLAS (0.3.21) detects some virtualized Xeons as "Prescott" and runs SSE3 kernels,
/// three times slower than its AVX-512 ones on the same machine. The core is chosen when the
/// library loads, from `OPENBLAS_CORETYPE`, so the only remedy is to restart the process with it.
public enum BLASCore {
    /// The kernel family OpenBLAS chose, e.g. "SkylakeX" or "Prescott".
    public static var name: String { String(cString: openblas_get_corename()) }

    /// The core type the CPU supports, when OpenBLAS picked an older one (nil otherwise).
    public static var recommended: String? {
        let legacy = ["prescott", "core2", "penryn", "dunnington", "nehalem", "katmai", "coppermine", "northwood", "banias", "atom"]
        guard legacy.contains(name.lowercased()),
              let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Restarts this process with `OPENBLAS_CORETYPE` set when OpenBLAS misdetected the CPU; call
    /// it first thing in `main`, before any output. Returns (doing nothing) when no fix applies.
    public static func restartWithRecommendedCore() {
        guard getenv("OPENBLAS_CORETYPE") == nil, let core = recommended else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
    }
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
