import Engine
import Foundation

/// What GEMM tiling (`GEMMTiles`: slices of k, polled for interrupts between them) costs: each shape's
/// product through `Tensor.matmul` with tiling on (the default) and off, alternating, best of
/// `repeats` each (wall and CPU seconds). The lecture's shapes are below the tiling threshold, so
/// their two columns run the same code; they are there to show it. Prints a Markdown table.
///
/// Usage: EngineBenchmark tiling [repeats] [largest n]
func tilingBenchmark(repeats: Int, largest: Int) throws {
    let defaultAbove = GEMMTiles.above
    Random.seed(0)
    var shapes: [(String, Int, Int, Int, Int)] = [("lecture 64x1000 @ 1000x100 (x500)", 64, 1000, 100, 500),
                                                   ("lecture 64x100 @ 100x10 (x500)", 64, 100, 10, 500)]
    for n in [1000, 2000, 4000, 8000] where n <= largest { shapes.append(("\(n)x\(n) @ \(n)x\(n)", n, n, n, 1)) }
    print("| product | untiled wall s | tiled wall s | tiled/untiled | untiled CPU s | tiled CPU s | slices |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for (name, m, k, n, times) in shapes {
        let a = try Tensor.randn([m, k]), b = try Tensor.randn([k, n])
        var best: [Bool: (wall: Double, cpu: Double)] = [:]
        for _ in 0..<repeats {
            for tiled in [false, true] {
                GEMMTiles.above = tiled ? defaultAbove : .max
                let t = try seconds { for _ in 0..<times { _ = try a.matmul(b) } }
                let old = best[tiled] ?? (.infinity, .infinity)
                best[tiled] = (min(old.wall, t.wall), min(old.cpu, t.cpu))
            }
        }
        GEMMTiles.above = defaultAbove
        let (u, t) = (best[false]!, best[true]!)
        let depth = GEMMTiles.depth(m: m, n: n, k: k)
        print("| \(name) | \(String(format: "%.3f", u.wall)) | \(String(format: "%.3f", t.wall)) | "
              + "\(String(format: "%.3f", t.wall / u.wall)) | \(String(format: "%.3f", u.cpu)) | \(String(format: "%.3f", t.cpu)) | "
              + "\(depth < k ? "\((k + depth - 1) / depth) of \(depth)" : "one") |")
    }
    print("\nBLAS core \(BLASCore.name), \(BLASThreads.maxThreads) threads for large products, load average "
          + "\(String(format: "%.1f", loadAverage())) at the end")
}

private func loadAverage() -> Double {
    var load = [0.0, 0.0, 0.0]
    return getloadavg(&load, 3) > 0 ? load[0] : .nan
}
