import Foundation
import Plot

/// `PlotBenchmark time`: median render times as JSON lines, for Benchmarks/plot/compare.py.
/// `PlotBenchmark gallery <dir>`: writes every gallery figure as PNG and SVG, and the logo.
let arguments = CommandLine.arguments.dropFirst()

func median(_ body: () throws -> Void, repeats: Int) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
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
    default:
        let comparison = Gallery.optimizerComparison()
        let png = try median({ _ = try comparison.render(.png(scale: 2)) }, repeats: 30)
        let svg = try median({ _ = try comparison.render(.svg) }, repeats: 30)
        let series = Gallery.millionPoints()
        let million = Figure(content: .axes(Axes(lines: [LineSeries(y: series)])))
        let big = try median({ _ = try million.render(.png(scale: 2)) }, repeats: 10)
        print("{\"case\": \"optimizer_comparison_png\", \"ms\": \(png)}")
        print("{\"case\": \"optimizer_comparison_svg\", \"ms\": \(svg)}")
        print("{\"case\": \"million_points_png\", \"ms\": \(big)}")
    }
} catch {
    FileHandle.standardError.write("PlotBenchmark: \(error)\n".data(using: .utf8)!)
    exit(1)
}
