import Engine
import Foundation
import Interruption
import LanguageCore
import Learn
import Plot

/// Figures (LANGUAGE.md section 3, Figures): `plot`, `contour`, `heatmap`, `scatter`,
/// `boundary`, `graph`, `grid`. `save` is in Files.
enum FigureBuiltins {
    private static func size(_ a: borrowing Arguments) throws -> (Double, Double) { (try a.double("width"), try a.double("height")) }

    private static func optionalString(_ a: borrowing Arguments, _ param: String) throws -> String? {
        a.isNone(param) ? nil : str(a[param])
    }

    private static func figure(_ a: borrowing Arguments, _ content: Figure.Content, defaultTitle: String? = nil) throws -> Value {
        let (w, h) = try size(a)
        guard (16...8192).contains(w), (16...8192).contains(h) else {
            throw ScriptError.value("\(a.name)(): width and height must be between 16 and 8192, got \(formatFloat(w)) x \(formatFloat(h))")
        }
        return .object(FigureObject(Figure(title: try optionalString(a, "title") ?? defaultTitle, content: content, width: w, height: h)))
    }

    /// One series of numbers from a list, tuple, 1-D tensor, run (its step losses) or trajectory (f values).
    private static func series(_ v: Value, _ what: String) throws -> [Double] {
        if let r = Bind.object(v, RunObject.self) { return r.run.stepLoss }
        if let t = Bind.object(v, TrajectoryObject.self) { return t.trajectory.values }
        return try Bind.doubles(v, what)
    }

    /// Whether a value holds several series (a list of lists or a 2-D tensor).
    private static func columns(_ v: Value) throws -> [[Double]]? {
        if case .tensor(let t as Tensor) = v, t.ndim == 2 {
            let values = t.scalars(), (n, k) = (t.shape[0], t.shape[1])
            return (0..<k).map { c in (0..<n).map { values[$0 * k + c] } }
        }
        guard case .list = v, let first = try Access.sequence(v).first else { return nil }
        switch first {
        case .list, .tuple, .tensor: return try Access.sequence(v).map { try series($0, "plot() series") }
        default: return nil
        }
    }

    private static func smoothing(_ a: borrowing Arguments) throws -> Double? {
        switch a["smooth"] {
        case .none, .bool(false): return nil
        case .bool(true): return 0.6
        default:
            let s = try a.double("smooth")
            guard s >= 0, s < 1 else { throw ScriptError.value("plot(): smooth must be in [0, 1), got \(formatFloat(s))") }
            return s
        }
    }

    /// Runs with their legend names: a Run, the runs of compare(), a list of runs or a dict name -> run.
    private static func runs(_ v: Value) -> [(name: String, run: Run)]? {
        if let r = Bind.object(v, RunObject.self) { return [(r.run.name, r.run)] }
        if let rs = Bind.object(v, RunsObject.self) { return rs.runs.map { ($0.run.name, $0.run) } }
        if case .list(let l) = v, !l.items.isEmpty {
            let runs = l.items.compactMap { Bind.object($0, RunObject.self)?.run }
            return runs.count == l.items.count ? runs.map { ($0.name, $0) } : nil
        }
        if case .dict(let d) = v, d.count > 0 {
            let runs = zip(d.keys, d.values).compactMap { k, v in Bind.object(v, RunObject.self).map { (str(k), $0.run) } }
            return runs.count == d.count ? runs : nil
        }
        return nil
    }

    private static func plot(_ a: borrowing Arguments) throws -> Value {
        let data = a["data"], smooth = try smoothing(a)
        var lines: [LineSeries] = [], markers: [VerticalMarker] = []
        var xLabel: String? = nil, yLabel: String? = nil
        if !a.isNone("y") {
            let x = try Bind.doubles(data, "plot() x")
            let ys = try columns(a["y"]) ?? [try series(a["y"], "plot() y")]
            for (i, y) in ys.enumerated() {
                guard y.count == x.count else {
                    throw ScriptError.value("plot(): x has \(x.count) values but y has \(y.count)")
                }
                lines.append(LineSeries(label: ys.count == 1 ? try optionalString(a, "label") : "\(i)", x: x, y: y, smoothing: smooth))
            }
        } else if let runs = runs(data) {
            let curves = runs.map { RunCurve(name: $0.name, trainLoss: $0.run.stepLoss, validationLoss: $0.run.valLoss, epochs: $0.run.epochs) }
            (lines, markers) = LossCurves.lines(curves, smoothing: a.isNone("smooth") ? LossCurves.defaultSmoothing(curves) : smooth)
            (xLabel, yLabel) = ("step", "loss")
        } else if case .dict(let d) = data {
            for (k, v) in zip(d.keys, d.values) { lines.append(LineSeries(label: str(k), y: try series(v, "plot() series"), smoothing: smooth)) }
        } else if let ts = (try? Access.sequence(data))?.compactMap({ Bind.object($0, TrajectoryObject.self) }), !ts.isEmpty,
                  ts.count == (try? Access.length(data)) {
            lines = ts.map { LineSeries(label: $0.label, y: $0.trajectory.values, smoothing: smooth) }
            (xLabel, yLabel) = ("step", "f")
        } else if let cols = try columns(data) {
            lines = cols.enumerated().map { LineSeries(label: "\($0.offset)", y: $0.element, smoothing: smooth) }
        } else {
            if let t = Bind.object(data, TrajectoryObject.self) { (xLabel, yLabel) = ("step", "f"); lines = [LineSeries(label: t.label, y: t.trajectory.values, smoothing: smooth)] }
            else { lines = [LineSeries(label: try optionalString(a, "label"), y: try series(data, "plot() data"), smoothing: smooth)] }
        }
        let logy = a.isNone("logy") ? (yLabel != nil && LossCurves.prefersLog(lines.flatMap(\.y))) : try a.bool("logy")
        let labelled = lines.contains { $0.label != nil } && (lines.count > 1 || !a.isNone("label"))
        let axes = Axes(xLabel: try optionalString(a, "xlabel") ?? xLabel, yLabel: try optionalString(a, "ylabel") ?? yLabel,
                        yScale: logy ? .log : .linear, lines: lines, markers: markers, legend: labelled ? .best : .none)
        return try figure(a, .axes(axes))
    }

    private static func testFunction(_ v: Value) -> TestFunction? {
        if case .builtin(let b) = v { return TestFunction(rawValue: b.name) }
        return nil
    }

    /// f on a grid, values[row * xs.count + column] = f(xs[column], ys[row]): in one call on
    /// tensors when f allows it, else point by point.
    private static func sample(_ a: borrowing Arguments, _ f: Value, _ xs: [Double], _ ys: [Double]) throws -> [Double] {
        let n = xs.count * ys.count
        let gx = try Tensor(shape: [n], scalars: ys.flatMap { _ in xs }, dtype: .float64)
        let gy = try Tensor(shape: [n], scalars: ys.flatMap { y in xs.map { _ in y } }, dtype: .float64)
        if let known = testFunction(f) { return try Autograd.noGrad { try known([gx, gy]).scalars() } }
        do {
            let t = try Autograd.noGrad { try toTensor(try a.call(f, [.tensor(gx), .tensor(gy)])) }
            if t.count == n { return t.scalars() }
        } catch let e as ScriptError where e.kind == "KeyboardInterrupt" {
            throw e  // an interrupt is not a reason to try point by point
        } catch let e as EngineError where e.kind == "KeyboardInterrupt" {
            throw e
        } catch {}
        var values: [Double] = []
        values.reserveCapacity(n)
        for y in ys {
            for x in xs {
                let v = try a.call(f, [.float(x), .float(y)])
                if let d = Operators.number(v) { values.append(d) } else { values.append(try toTensor(v, name: "contour(): f's result").item()) }
            }
        }
        return values
    }

    private static func trajectories(_ v: Value) throws -> [TrajectoryObject] {
        if v.isNone { return [] }
        if let t = Bind.object(v, TrajectoryObject.self) { return [t] }
        if case .dict(let d) = v {
            return try zip(d.keys, d.values).map { k, item in
                guard let t = Bind.object(item, TrajectoryObject.self) else { throw ScriptError.type("contour(): paths must be trajectories from minimize(), not \(item.typeName)") }
                t.label = str(k)
                return t
            }
        }
        return try Access.sequence(v).map { item in
            guard let t = Bind.object(item, TrajectoryObject.self) else { throw ScriptError.type("contour(): paths must be trajectories from minimize(), not \(item.typeName)") }
            return t
        }
    }

    private static func contour(_ a: borrowing Arguments) throws -> Value {
        let f = a["f"], known = testFunction(f)
        let paths = try trajectories(a["paths"])
        func window(_ param: String, _ axis: Int) throws -> ClosedRange<Double> {
            if !a.isNone(param) { return try Bind.range(a[param], "contour() \(param)") }
            if let known { return axis == 0 ? known.window.x : known.window.y }
            let values = paths.flatMap { $0.coordinate(axis) }.filter(\.isFinite)
            guard let lo = values.min(), let hi = values.max() else { return -2...2 }
            let pad = max((hi - lo) * 0.15, 0.5)
            return (lo - pad)...(hi + pad)
        }
        let xr = try window("x", 0), yr = try window("y", 1)
        let n = try a.int("resolution")
        guard n >= 2, n <= 1000 else { throw ScriptError.value("contour(): resolution must be between 2 and 1000, got \(n)") }
        let xs = (0..<n).map { xr.lowerBound + Double($0) / Double(n - 1) * (xr.upperBound - xr.lowerBound) }
        let ys = (0..<n).map { yr.lowerBound + Double($0) / Double(n - 1) * (yr.upperBound - yr.lowerBound) }
        let levels = ContourField.Levels.logarithmic(try a.int("levels"))
        let field = try Bind.plotting("contour") {
            try ContourField.check(levels)
            return try ContourField(x: xs, y: ys, values: try sample(a, f, xs, ys), levels: levels)
        }
        let drawn = paths.enumerated().map { i, t in
            Plot.Trajectory(label: t.label, x: t.coordinate(0), y: t.coordinate(1), color: Palette.color(i))
        }
        let axes = Axes(xLabel: "x", yLabel: "y", xLimits: xr, yLimits: yr, paths: drawn, contour: field,
                        legend: drawn.isEmpty ? .none : .best, grid: false)
        return try figure(a, .axes(axes), defaultTitle: known?.rawValue)
    }

    private static func heatmap(_ a: borrowing Arguments) throws -> Value {
        var map: Heatmap
        if case .object(let o as HeatmapSource) = a["values"] {
            map = try Bind.plotting("heatmap") { try o.heatmap() }
        } else {
            let t = try toTensor(a["values"], name: "heatmap() argument 'values'", dtype: .float64)
            guard t.ndim == 2 else { throw ScriptError.value("heatmap(): values must be a 2-D grid, got shape \(describe(t.shape))") }
            let best: Heatmap.Best
            switch try a.string("best") {
            case "min": best = .minimum
            case "max": best = .maximum
            case "none": best = .none
            case let other: throw ScriptError.value("heatmap(): best must be \"min\", \"max\" or \"none\", not \(quote(other))")
            }
            map = try Bind.plotting("heatmap") {
                try Heatmap(values: t.scalars(), rows: t.shape[0], columns: t.shape[1], best: best, logColor: try a.bool("logcolor"))
            }
        }
        if !a.isNone("row_labels") { map.rowLabels = try Access.sequence(a["row_labels"]).map(str) }
        if !a.isNone("col_labels") { map.columnLabels = try Access.sequence(a["col_labels"]).map(str) }
        if let y = try optionalString(a, "ylabel") { map.rowTitle = y }
        if let x = try optionalString(a, "xlabel") { map.columnTitle = x }
        return try figure(a, .heatmap(map))
    }

    /// The points of a data set (two features, coloured by class) or of x and y values.
    private static func scatterSeries(_ data: Value, _ y: Value) throws -> (ScatterSeries, String?, String?) {
        if let d = Bind.object(data, DatasetObject.self)?.data {
            let x = d.x.scalars(), f = d.features
            if f == 1 && !d.isClassification {
                return (ScatterSeries(x: x, y: d.y.scalars()), d.featureNames?.first, d.targetName ?? "y")
            }
            guard f >= 2 else { throw ScriptError.value("scatter(): the data set has \(f) feature; two are needed") }
            let classes = d.isClassification ? d.y.scalars().map { Int($0) } : nil
            let names = d.featureNames
            return (ScatterSeries(x: stride(from: 0, to: x.count, by: f).map { x[$0] }, y: stride(from: 1, to: x.count, by: f).map { x[$0] },
                                  classes: classes, classNames: d.classNames ?? []), names?[0] ?? "x0", names?[1] ?? "x1")
        }
        if y.isNone, case .tensor(let t as Tensor) = data, t.ndim == 2, t.shape[1] == 2 {
            let v = t.scalars()
            return (ScatterSeries(x: stride(from: 0, to: v.count, by: 2).map { v[$0] }, y: stride(from: 1, to: v.count, by: 2).map { v[$0] }), nil, nil)
        }
        guard !y.isNone else { throw ScriptError.type("scatter() needs a data set, an (N, 2) tensor, or x and y") }
        let xs = try Bind.doubles(data, "scatter() x"), ys = try Bind.doubles(y, "scatter() y")
        guard xs.count == ys.count else { throw ScriptError.value("scatter(): x has \(xs.count) values but y has \(ys.count)") }
        return (ScatterSeries(x: xs, y: ys), nil, nil)
    }

    private static func boundary(_ a: borrowing Arguments) throws -> Value {
        let net = try NetworkBuiltins.network(a["model"], "boundary() argument 'model'")
        let d = try DataBuiltins.dataset(a["data"], "boundary() argument 'data'")
        guard d.features == 2 else {
            throw ScriptError.value("boundary(): the data set has \(d.features) features; a decision boundary is drawn over two")
        }
        let (points, xl, yl) = try scatterSeries(a["data"], .none)
        func span(_ v: [Double]) -> ClosedRange<Double> {
            let lo = v.min() ?? -1, hi = v.max() ?? 1, pad = max((hi - lo) * 0.1, 0.1)
            return (lo - pad)...(hi + pad)
        }
        let xr = span(points.x), yr = span(points.y)
        let n = try a.int("resolution")
        guard n >= 2, n <= 1000 else { throw ScriptError.value("boundary(): resolution must be between 2 and 1000, got \(n)") }
        var grid: [Double] = []
        grid.reserveCapacity(2 * n * n)
        for row in 0..<n {
            let py = yr.lowerBound + (Double(row) + 0.5) / Double(n) * (yr.upperBound - yr.lowerBound)
            for col in 0..<n { grid += [xr.lowerBound + (Double(col) + 0.5) / Double(n) * (xr.upperBound - xr.lowerBound), py] }
        }
        let layer = net.layer
        let wasTraining = layer.isTraining
        defer { layer.isTraining = wasTraining }
        layer.eval()
        let output = try Autograd.noGrad { try layer.forward(try Tensor(shape: [n * n, 2], scalars: grid)) }
        let classes: [Int]
        if output.ndim == 2 && output.shape[1] > 1 {
            classes = try output.argmax(axis: 1).scalars().map { Int($0) }
        } else {
            classes = output.scalars().map { $0 > 0.5 ? 1 : 0 }
        }
        let regions = try Bind.plotting("boundary") { try ClassRegions(x: xr, y: yr, columns: n, rows: n, classes: classes) }
        let axes = Axes(xLabel: xl, yLabel: yl, xLimits: xr, yLimits: yr, scatter: [points], regions: regions, grid: false)
        return try figure(a, .axes(axes))
    }

    /// Ops that only move or restate values (a reshape, a broadcast, a copy, a cast): `graph()`
    /// looks through them unless asked for `plumbing=True`.
    private static let plumbingOps: Set<String> = ["reshape", "broadcast_to", "copy", "cast"]

    /// A tensor's values (and its gradient) in a few characters, for `graph(values=True)`.
    private static func valueText(_ t: Tensor) -> String? {
        func short(_ x: Tensor) -> String {
            let v = x.scalars()
            return v.count == 1 ? String(format: "%.4g", v[0]) : "[" + v.map { String(format: "%.3g", $0) }.joined(separator: ", ") + "]"
        }
        guard t.count <= 4 else { return nil }
        return "= " + short(t) + (t.grad.map { " ∇ " + short($0) } ?? "")
    }

    /// The graph behind a tensor: operations and leaves, leaves named after the session's
    /// variables (and network parameters) that hold them; plumbing ops hidden unless asked for,
    /// values and gradients of small tensors shown when asked for.
    private static func graph(_ a: borrowing Arguments) throws -> Value {
        let root = try a.tensor("t")
        let (showPlumbing, showValues) = (try a.bool("plumbing"), try a.bool("values"))
        /// The tensor drawn for `t`: itself, or what the plumbing ops it came from started from.
        func shown(_ t: Tensor) -> Tensor {
            var t = t
            while !showPlumbing, let op = t.op, plumbingOps.contains(op), t.inputs.count == 1 { t = t.inputs[0] }
            return t
        }
        var names: [ObjectIdentifier: String] = [:]
        var named: [(name: String, tensor: Tensor)] = []
        let globals = a.session.globals
        for name in globals.userNames {
            switch globals.lookup(name) {
            case .tensor(let t as Tensor)?:
                names[ObjectIdentifier(t)] = names[ObjectIdentifier(t)] ?? name
                named.append((name, t))
            case .object(let net as NetworkObject)?:
                for (p, t) in net.layer.namedParameters() { names[ObjectIdentifier(t)] = names[ObjectIdentifier(t)] ?? "\(name).\(p)" }
            default: break
            }
        }
        var ids: [ObjectIdentifier: Int] = [:]
        var nodes: [GraphDiagram.Node] = [], edges: [GraphDiagram.Edge] = []
        var queue = [root]
        ids[ObjectIdentifier(root)] = 0
        var next = 0
        while next < queue.count {
            let t = queue[next]
            let id = next
            next += 1
            guard nodes.count < 400 else {
                throw ScriptError.value("graph(): the graph has more than 400 tensors; draw a smaller part of it")
            }
            let kind: GraphDiagram.Kind = t === root ? .output : t.isLeaf ? (t.requiresGrad ? .parameter : .input) : .operation
            // An unrecorded view of a variable (a vector made a column for a product) is named after it.
            let viewed = t.isLeaf ? named.first { t.sharesStorage(with: $0.tensor) }?.name : nil
            let label = t.isLeaf ? (names[ObjectIdentifier(t)] ?? viewed ?? (t.requiresGrad ? "parameter" : "input"))
                                 : (t.op ?? "op") + (names[ObjectIdentifier(t)].map { " → \($0)" } ?? "")
            let values = showValues ? valueText(t).map { " " + $0 } ?? "" : ""
            nodes.append(GraphDiagram.Node(id: id, label: label, detail: describe(t.shape) + values, kind: kind))
            for input in t.inputs.map(shown) {
                let key = ObjectIdentifier(input)
                let inputId: Int
                if let known = ids[key] { inputId = known } else {
                    inputId = queue.count
                    ids[key] = inputId
                    queue.append(input)
                }
                edges.append(GraphDiagram.Edge(from: inputId, to: id))
            }
        }
        let diagram = try Bind.plotting("graph") { try GraphDiagram(nodes: nodes, edges: edges) }
        var fig = Figure.graph(diagram, title: try optionalString(a, "title"))
        if !a.isNone("width") { fig.width = try a.double("width") }
        if !a.isNone("height") { fig.height = try a.double("height") }
        return .object(FigureObject(fig))
    }

    /// `diagram(edges, nodes=)`: a drawing by names, for the lecture's small networks.
    private static func diagram(_ a: borrowing Arguments) throws -> Value {
        var ids: [String: Int] = [:], names: [String] = []
        func id(_ name: String) -> Int {
            if let known = ids[name] { return known }
            ids[name] = names.count
            names.append(name)
            return names.count - 1
        }
        var edges: [GraphDiagram.Edge] = []
        let items = try Access.sequence(a["edges"])
        guard items.count <= 2000 else { throw ScriptError.value("diagram(): more than 2000 edges (\(items.count)); draw a smaller part") }
        for (i, item) in items.enumerated() {
            let parts = try Access.sequence(item)
            guard parts.count == 2 || parts.count == 3 else {
                throw ScriptError.value("diagram(): edge \(i) must be (from, to) or (from, to, label), got \(parts.count) items")
            }
            edges.append(GraphDiagram.Edge(from: id(str(parts[0])), to: id(str(parts[1])), label: parts.count == 3 ? str(parts[2]) : nil))
        }
        var details: [String: String] = [:]
        if case .dict(let d) = a["nodes"] {
            for (k, v) in zip(d.keys, d.values) { details[str(k)] = str(v); _ = id(str(k)) }
        } else if !a.isNone("nodes") {
            throw ScriptError.type("diagram(): nodes must be a dict of name: text, not \(a["nodes"].typeName)")
        }
        guard names.count <= 400 else { throw ScriptError.value("diagram(): more than 400 nodes; draw a smaller part") }
        let nodes = names.enumerated().map { i, name in
            let kind: GraphDiagram.Kind = !edges.contains { $0.to == i } ? .input : !edges.contains { $0.from == i } ? .output : .operation
            return GraphDiagram.Node(id: i, label: name, detail: details[name], kind: kind)
        }
        let graph = try Bind.plotting("diagram") { try GraphDiagram(nodes: nodes, edges: edges) }
        var fig = Figure.graph(graph, title: try optionalString(a, "title"))
        if !a.isNone("width") { fig.width = try a.double("width") }
        if !a.isNone("height") { fig.height = try a.double("height") }
        return .object(FigureObject(fig))
    }

    static let builtins: [Builtin] = [
        Builtin("plot", "data, y=None, logy=None, title=None, xlabel=None, ylabel=None, smooth=None, label=None, width=640, height=400",
                """
                A line plot: of a Run (loss over steps, validation loss dashed) or a list or dict of runs; of a list, tensor or dict of series; \
                of x and y with plot(x, y); of a trajectory's f values. logy=None picks a log axis for losses spanning decades; \
                smooth=True (or a weight in [0, 1)) draws an exponential moving average over the faint raw curve; runs of 100 steps or more are smoothed with 0.6 unless smooth=False.
                """) { a in try plot(a) },
        Builtin("contour", "f, x=None, y=None, paths=None, levels=14, resolution=120, title=None, width=640, height=480",
                "Filled contours of f(x, y) over x=(lo, hi), y=(lo, hi), with optimizer trajectories from minimize() drawn over it (paths=[...] or {\"name\": trajectory}).") { a in
            try contour(a)
        },
        Builtin("heatmap", "values, row_labels=None, col_labels=None, title=None, xlabel=None, ylabel=None, best='min', logcolor=False, width=640, height=480",
                "A grid of values (a 2-D tensor or list, or a grid search result) as coloured cells with a colour bar; the best cell outlined.") { a in
            try heatmap(a)
        },
        Builtin("scatter", "data, y=None, title=None, xlabel=None, ylabel=None, width=640, height=480",
                "Points of a data set (its first two features, coloured by class), of an (N, 2) tensor, or of x and y.") { a in
            let (points, xl, yl) = try scatterSeries(a["data"], a["y"])
            let axes = Axes(xLabel: try optionalString(a, "xlabel") ?? xl, yLabel: try optionalString(a, "ylabel") ?? yl, scatter: [points])
            return try figure(a, .axes(axes))
        },
        Builtin("boundary", "model, data, resolution=150, title=None, width=640, height=480",
                "A classifier's decision regions over a data set of two features, with the data's points on top.") { a in try boundary(a) },
        Builtin("graph", "t, title=None, width=None, height=None, plumbing=False, values=False",
                """
                The computational graph that produced tensor t: operations, inputs and parameters (named after the variables \
                that hold them) with their shapes, before backward() frees it. Reshapes, broadcasts, copies and casts are \
                hidden unless plumbing=True; values=True writes the values of tensors of up to 4 elements, and their \
                gradients once backward(retain_graph=True) has run.
                """) { a in
            try graph(a)
        },
        Builtin("diagram", "edges, nodes=None, title=None, width=None, height=None", """
            A drawing of a network (or any graph) in layers from its inputs at the top: edges are (from, to) or \
            (from, to, label) tuples of names; nodes={"h1": "1.02"} adds a second line under a name. Nodes without \
            inputs are drawn as inputs, nodes without outputs as outputs.
            diagram([("x1", "h1", "w1 = 0.1"), ("x2", "h1", "w2 = 0.3"), ("h1", "y1", "w5 = 0.5")], nodes={"x1": "0.2"})
            """) { a in
            try diagram(a)
        },
        Builtin("grid", "figures, cols=2, title=None", "Figures side by side, `cols` per row.") { a in
            let figures = try Access.sequence(a["figures"]).map { v -> Figure in
                guard let f = Bind.object(v, FigureObject.self) else { throw ScriptError.type("grid(): figures must be figures, not \(v.typeName)") }
                return f.figure
            }
            guard !figures.isEmpty else { throw ScriptError.value("grid(): needs at least one figure") }
            let cols = try a.int("cols")
            guard cols >= 1 else { throw ScriptError.value("grid(): cols must be at least 1, got \(cols)") }
            return .object(FigureObject(Figure.grid(figures, columns: cols, title: try optionalString(a, "title"))))
        },
    ]
}
