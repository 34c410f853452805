import Foundation
import Plot

/// `PlotBenchmark time`: median render times as JSON lines, for Benchmarks/plot/compare.py.
/// `PlotBenchmark gallery <dir>`: writes every gallery figure as PNG and SVG, and the logo.
/// `PlotBenchmark png`: per gallery figure, median render time at scale 2 and the PNG's bytes, as
/// JSON lines (Benchmarks/plot/compare_png.sh runs two builds of it side by side).
/// `PlotBenchmark profile [count]`: renders the optimizer figure `count` times (200), for profilers.
let arguments = CommandLine.arguments.dropFirst()

/// Median and fastest wall-clock and CPU milliseconds of `body`. CPU time is what to compare on a shared
/// machine: other processes stretch wall time but not the time this thread spends working.
func measure(_ body: () throws -> Void, repeats: Int) rethrows -> (wall: Double, cpu: Double, minWall: Double, minCPU: Double) {
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }
    var wall: [Double] = [], cpu: [Double] = []
    try body()
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds, startCPU = cpuNow()
        try body()
        cpu.append(cpuNow() - startCPU)
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return (wall.sorted()[wall.count / 2], cpu.sorted()[cpu.count / 2], wall.min() ?? 0, cpu.min() ?? 0)
}

func report(_ name: String, _ t: (wall: Double, cpu: Double, minWall: Double, minCPU: Double)) {
    print(String(format: "{\"case\": \"%@\", \"wall_ms\": %.3f, \"cpu_ms\": %.3f, \"min_wall_ms\": %.3f, \"min_cpu_ms\": %.3f}",
                 name, t.wall, t.cpu, t.minWall, t.minCPU))
}

do {
    switch arguments.first {
    case "gallery":
        let directory = arguments.dropFirst().first ?? "."
        for (name, figure) in try Gallery.all() {
            try figure.save(to: "\(directory)/\(name).png")
            try figure.save(to: "\(directory)/\(name).svg")
        }
        try Data(logoPNG(size: 64)).write(to: URL(fileURLWithPath: "\(directory)/logo-64.png"))
        try Data(logoPNG(size: 256)).write(to: URL(fileURLWithPath: "\(directory)/logo-256.png"))
    case "png":
        for (name, figure) in try Gallery.all() {
            let bytes = try figure.render(.png(scale: 2)).bytes.count
            let t = try measure({ _ = try figure.render(.png(scale: 2)) }, repeats: 20)
            print(String(format: "{\"case\": \"%@\", \"wall_ms\": %.3f, \"cpu_ms\": %.3f, \"min_wall_ms\": %.3f, \"min_cpu_ms\": %.3f, \"bytes\": %d}",
                         name, t.wall, t.cpu, t.minWall, t.minCPU, bytes))
        }
    case "profile":
        // One case in a loop, for `perf record` (or, a few times, for callgrind's exact counts).
        let comparison = Gallery.optimizerComparison()
        let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 200
        for _ in 0..<count { _ = try comparison.render(.png(scale: 2)) }
    default:
        let comparison = Gallery.optimizerComparison()
        let png = try measure({ _ = try comparison.render(.png(scale: 2)) }, repeats: 30)
        let svg = try measure({ _ = try comparison.render(.svg) }, repeats: 30)
        let series = Gallery.millionPoints()
        let million = Figure(content: .axes(Axes(lines: [LineSeries(y: series)])))
        let big = try measure({ _ = try million.render(.png(scale: 2)) }, repeats: 10)
        report("optimizer_comparison_png", png)
        report("optimizer_comparison_svg", svg)
        report("million_points_png", big)
    }
} catch {
    FileHandle.standardError.write("PlotBenchmark: \(error)\n".data(using: .utf8)!)
    exit(1)
}
