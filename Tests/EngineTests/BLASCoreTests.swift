import Foundation
import XCTest

@testable import Engine

/// OpenBLAS is opened on first use, and opened again with a newer kernel family when it took the
/// CPU for an older one than it is (Debian's 0.3.21 takes this machine's Xeon for a Prescott).
final class BLASCoreTests: XCTestCase {
    func testKernelFamilyIsNoOlderThanTheCPUAllows() throws {
        let core = BLASCore.name.lowercased()
        if let chosen = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] {
            XCTAssertEqual(core, chosen.lowercased(), "the family the user set is the one that runs")
            return
        }
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        let legacy: Set = ["prescott", "core2", "penryn", "dunnington", "nehalem", "atom"]
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl"]) || flags.isSuperset(of: ["avx2", "fma"]) {
            XCTAssertFalse(legacy.contains(core), "OpenBLAS runs \(core) kernels on a CPU with \(flags.contains("avx512f") ? "AVX-512" : "AVX2")")
        }
        let product = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).matmul(Tensor(shape: [2, 1], scalars: [1, 1]))
        XCTAssertEqual(product.scalars(), [3, 7])
    }
}
