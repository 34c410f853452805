import Foundation
import Plot

/// Example figures: the lecture's pictures, drawn from synthetic data, for looking at and timing.
enum Gallery {
    /// Six optimizers' loss curves over 1,000 steps (deterministic pseudo-noise), log y.
    static func optimizerComparison(points: Int = 1000) -> Figure {
        let names = ["SGD", "Momentum", "NAG", "RMSProp", "Adam", "AdamW"]
        let rates = [0.004, 0.009, 0.011, 0.007, 0.016, 0.014]
        var axes = Axes(xLabel: "step", yLabel: "training loss", yScale: .log)
        var state: UInt64 = 42
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        for (name, rate) in zip(names, rates) {
            let y = (0..<points).map { i -> Double in
                let t = Double(i) * 1000 / Double(points)
                return (2.3 * exp(-rate * t) + 0.02) * (1 + 0.35 * noise())
            }
            axes.lines.append(LineSeries(label: name, y: y))
        }
        return Figure(title: "Optimizer comparison", content: .axes(axes))
    }

    static func smoothedWithValidation() -> Figure {
        var state: UInt64 = 7
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let train = (0..<600).map { i in 2.2 * exp(-Double(i) / 150) + 0.15 + 0.5 * noise() * exp(-Double(i) / 400) }
        let validationSteps = stride(from: 0.0, through: 600, by: 100).map { $0 }
        let validation = validationSteps.map { 2.2 * exp(-$0 / 170) + 0.22 }
        var axes = Axes(xLabel: "step", yLabel: "loss")
        axes.lines.append(LineSeries(label: "train", y: train, smoothing: 0.9))
        axes.lines.append(LineSeries(label: "validation", x: validationSteps, y: validation, color: Palette.color(0),
                                     style: .dashed, showsPoints: true))
        axes.markers = VerticalMarker.epochs(stepsPerEpoch: 100, totalSteps: 600)
        return Figure(title: "Training run (EMA 0.9)", content: .axes(axes))
    }

    static func rosenbrockContour() throws -> Figure {
        let field = try ContourField(x: -2...2, y: -1...3, resolution: 160) { x, y in
            (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        }
        func descend(rate: Double, momentum: Double, steps: Int, from start: (Double, Double)) -> Trajectory {
            var x = start.0, y = start.1, vx = 0.0, vy = 0.0
            var xs = [x], ys = [y]
            for _ in 0..<steps {
                let gx = -2 * (1 - x) - 400 * x * (y - x * x), gy = 200 * (y - x * x)
                vx = momentum * vx - rate * gx
                vy = momentum * vy - rate * gy
                x += vx; y += vy
                xs.append(x); ys.append(y)
            }
            return Trajectory(label: momentum == 0 ? "SGD" : "Momentum 0.9", x: xs, y: ys)
        }
        let axes = Axes(xLabel: "x", yLabel: "y", paths: [descend(rate: 0.0006, momentum: 0, steps: 1500, from: (0.6, 2.8)),
                                                         descend(rate: 0.00015, momentum: 0.9, steps: 1500, from: (-1.5, 2.5))],
                        contour: field)
        return Figure(title: "Rosenbrock", content: .axes(axes), width: 560, height: 480)
    }

    static func gridSearchHeatmap() throws -> Figure {
        let rates = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2]
        let batches = [16, 32, 64, 128]
        var values: [Double] = []
        for b in batches {
            for r in rates {
                let d = log10(r) + 2.6 - 0.3 * log2(Double(b) / 32)
                values.append(0.08 + 0.35 * d * d + (r > 0.02 && b < 32 ? .nan : 0))
            }
        }
        let map = try Heatmap(values: values, rows: batches.count, columns: rates.count,
                              rowLabels: batches.map(String.init), columnLabels: ["10⁻⁴", "3×10⁻⁴", "10⁻³", "3×10⁻³", "10⁻²", "3×10⁻²"],
                              rowTitle: "batch size", columnTitle: "learning rate", colorBarLabel: "validation loss")
        return Figure(title: "Grid search", content: .heatmap(map))
    }

    static func moonsBoundary() throws -> Figure {
        var xs: [Double] = [], ys: [Double] = [], classes: [Int] = []
        var state: UInt64 = 3
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        for i in 0..<200 {
            let t = Double.pi * Double(i % 100) / 100
            let upper = i < 100
            xs.append((upper ? cos(t) : 1 - cos(t)) + 0.25 * noise())
            ys.append((upper ? sin(t) : 0.5 - sin(t)) + 0.25 * noise())
            classes.append(upper ? 0 : 1)
        }
        let regions = try ClassRegions(x: -1.5...2.5, y: -1.0...1.5, columns: 240, rows: 150) { x, y in
            y > 0.25 - 0.6 * sin(2.2 * (x - 0.5)) * 0.5 + 0.2 * (x - 0.5) ? 0 : 1
        }
        let axes = Axes(xLabel: "x₁", yLabel: "x₂", scatter: [ScatterSeries(x: xs, y: ys, classes: classes)],
                        regions: regions)
        return Figure(title: "Decision boundary", content: .axes(axes))
    }

    static func computationalGraph() throws -> Figure {
        let nodes: [GraphDiagram.Node] = [
            .init(id: 0, label: "x", detail: "(64, 784)", kind: .input),
            .init(id: 1, label: "W1", detail: "(784, 100)", kind: .parameter),
            .init(id: 2, label: "b1", detail: "(100)", kind: .parameter),
            .init(id: 3, label: "linear", detail: "(64, 100)"),
            .init(id: 4, label: "relu", detail: "(64, 100)"),
            .init(id: 5, label: "W2", detail: "(100, 10)", kind: .parameter),
            .init(id: 6, label: "b2", detail: "(10)", kind: .parameter),
            .init(id: 7, label: "linear", detail: "(64, 10)"),
            .init(id: 8, label: "y", detail: "(64)", kind: .input),
            .init(id: 9, label: "cross_entropy", detail: "()", kind: .output),
        ]
        let edges = [(0, 3), (1, 3), (2, 3), (3, 4), (4, 7), (5, 7), (6, 7), (7, 9), (8, 9)]
            .map { GraphDiagram.Edge(from: $0.0, to: $0.1) }
        let diagram = try GraphDiagram(nodes: nodes, edges: edges)
        return Figure(title: "loss.graph", content: .graph(diagram), width: 520, height: 420)
    }

    static func edgeCases() -> Figure {
        var gaps = (0..<200).map { sin(Double($0) / 15) }
        for i in 60..<80 { gaps[i] = .nan }
        gaps[120] = .infinity
        let constant = Figure(title: "constant series", content: .axes(Axes(lines: [LineSeries(label: "c", y: Array(repeating: 3, count: 50))])))
        let withGaps = Figure(title: "NaN and ∞ make gaps", content: .axes(Axes(lines: [LineSeries(label: "sin", y: gaps)])))
        let empty = Figure(title: "empty series", content: .axes(Axes(lines: [LineSeries(label: "none", y: [])])))
        let million = Figure(title: "10⁶ points", content: .axes(Axes(lines: [LineSeries(y: millionPoints())])))
        return Figure.grid([constant, withGaps, empty, million], columns: 2, title: "Edge cases")
    }

    static func millionPoints() -> [Double] {
        var state: UInt64 = 11
        return (0..<1_000_000).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return sin(Double(i) / 40_000) + 0.2 * (Double(state >> 11) / Double(1 << 53) - 0.5) + (i == 500_000 ? 3 : 0)
        }
    }

    static func all() throws -> [(String, Figure)] {
        [("optimizers", optimizerComparison()), ("smoothed", smoothedWithValidation()),
         ("rosenbrock", try rosenbrockContour()), ("heatmap", try gridSearchHeatmap()),
         ("boundary", try moonsBoundary()), ("graph", try computationalGraph()), ("edge-cases", edgeCases())]
    }
}
