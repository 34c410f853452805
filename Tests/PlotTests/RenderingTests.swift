import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Plot

final class RenderingTests: XCTestCase {
    private func crossingLines() -> Figure {
        let rising = (0...100).map(Double.init)
        let axes = Axes(lines: [LineSeries(label: "rising", y: rising, width: 3),
                                LineSeries(label: "falling", y: rising.reversed(), width: 3)],
                        legend: .none, grid: false)
        return Figure(content: .axes(axes), width: 400, height: 300)
    }

    /// Rows (top = 0) where column `x` has a pixel within `tolerance` of `color`.
    private func rows(of color: Color, inColumn x: Int, _ raster: Raster, tolerance: Double = 0.12) -> [Int] {
        (0..<raster.height).filter { y in
            let c = raster.color(x: x, y: y)
            return abs(c.red - color.red) < tolerance && abs(c.green - color.green) < tolerance
                && abs(c.blue - color.blue) < tolerance
        }
    }

    private func meanRow(of color: Color, inColumn x: Int, _ raster: Raster) throws -> Double {
        let found = rows(of: color, inColumn: x, raster)
        XCTAssertFalse(found.isEmpty, "no pixel of \(color) in column \(x)")
        return Double(found.reduce(0, +)) / Double(max(found.count, 1))
    }

    func testPNGHasSignatureAndRetinaSize() throws {
        let image = try crossingLines().render(.png(scale: 2))
        XCTAssertEqual(Array(image.bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        XCTAssertEqual(String(bytes: image.bytes[12..<16], encoding: .ascii), "IHDR")
        let be = { (o: Int) in image.bytes[o..<o + 4].reduce(0) { $0 << 8 | Int($1) } }
        XCTAssertEqual(be(16), 800)
        XCTAssertEqual(be(20), 600)
        XCTAssertEqual(image.width, 400)
        XCTAssertEqual(image.height, 300)
        XCTAssertEqual(image.pixelWidth, 800)
        XCTAssertEqual(image.mimeType, "image/png")
        let decoded = try XCTUnwrap(Raster(png: image.bytes))
        XCTAssertEqual(decoded.width, 800)
        XCTAssertEqual(decoded.height, 600)
    }

    func testRisingLineIsLowOnTheLeftAndHighOnTheRight() throws {
        let raster = try crossingLines().raster(scale: 1)
        let blue = Palette.color(0), vermillion = Palette.color(1)
        let left = Int(Double(raster.width) * 0.25), right = Int(Double(raster.width) * 0.85)
        let risingLeft = try meanRow(of: blue, inColumn: left, raster)
        let risingRight = try meanRow(of: blue, inColumn: right, raster)
        let fallingLeft = try meanRow(of: vermillion, inColumn: left, raster)
        let fallingRight = try meanRow(of: vermillion, inColumn: right, raster)
        XCTAssertGreaterThan(risingLeft, risingRight + 100, "rising line must go up (screen rows decrease)")
        XCTAssertLessThan(fallingLeft, fallingRight - 100)
        XCTAssertGreaterThan(risingLeft, fallingLeft, "left of the crossing, rising is below falling")
    }

    func testLogAxisMakesAnExponentialStraight() throws {
        let y = (0...400).map { pow(10, -4 * Double($0) / 400) }
        let figure = Figure(content: .axes(Axes(yScale: .log, lines: [LineSeries(y: y, width: 3)], legend: .none,
                                                grid: false)), width: 400, height: 300)
        let raster = try figure.raster(scale: 1)
        let blue = Palette.color(0)
        let columns = [0.3, 0.5, 0.7].map { Int(Double(raster.width) * $0) }
        let rows = try columns.map { try meanRow(of: blue, inColumn: $0, raster) }
        XCTAssertEqual(rows[1] - rows[0], rows[2] - rows[1], accuracy: 2.5, "log scale must straighten 10^-kx: \(rows)")
        XCTAssertLessThan(rows[0], rows[1], "a falling curve goes down the screen")
    }

    func testNaNAndInfinityMakeGaps() throws {
        var y = (0...300).map { _ in 1.0 }
        for i in 100..<200 { y[i] = i % 2 == 0 ? .nan : .infinity }
        let figure = Figure(content: .axes(Axes(lines: [LineSeries(y: y, width: 3)], legend: .none, grid: false)),
                            width: 400, height: 300)
        let raster = try figure.raster(scale: 1)
        let blue = Palette.color(0)
        XCTAssertFalse(rows(of: blue, inColumn: Int(Double(raster.width) * 0.3), raster).isEmpty)
        XCTAssertTrue(rows(of: blue, inColumn: Int(Double(raster.width) * 0.55), raster).isEmpty, "gap expected")
        XCTAssertFalse(rows(of: blue, inColumn: Int(Double(raster.width) * 0.85), raster).isEmpty)
    }

    func testEmptySeriesDrawsAxesWithANote() throws {
        let figure = Figure(content: .axes(Axes(lines: [LineSeries(label: "none", y: [])])))
        let svg = try String(decoding: figure.render(.svg).bytes, as: UTF8.self)
        XCTAssertTrue(svg.contains("no data to show"))
        XCTAssertNoThrow(try figure.render(.png(scale: 2)))
    }

    func testSmoothedSeriesKeepsTheRawCurveFaintBehind() throws {
        let y = (0..<200).map { i in 1 + (i % 2 == 0 ? 0.4 : -0.4) }
        let figure = Figure(content: .axes(Axes(lines: [LineSeries(y: y, smoothing: 0.95)], legend: .none, grid: false)),
                            width: 400, height: 300)
        let raster = try figure.raster(scale: 2)
        let column = raster.width / 2
        let strong = rows(of: Palette.color(0), inColumn: column, raster, tolerance: 0.1)
        let faint = rows(of: Palette.color(0).mixed(with: .white, 0.75), inColumn: column, raster, tolerance: 0.1)
        XCTAssertFalse(strong.isEmpty, "smoothed line")
        XCTAssertFalse(faint.isEmpty, "faint raw line")
        // The smoothed curve sits near the middle of the raw zigzag.
        let rawSpan = (faint.min()!, faint.max()!)
        let centre = Double(strong.reduce(0, +)) / Double(strong.count)
        XCTAssertGreaterThan(centre, Double(rawSpan.0))
        XCTAssertLessThan(centre, Double(rawSpan.1))
    }

    func testSVGParsesAndContainsEveryLegendLabel() throws {
        let labels = ["SGD", "Momentum", "Adam & friends", "val <dashed>"]
        let axes = Axes(yScale: .log, lines: labels.enumerated().map { i, label in
            LineSeries(label: label, y: (1...50).map { 1 / Double($0 + i) }, style: i == 3 ? .dashed : .solid)
        })
        let image = try Figure(title: "Optimizers", content: .axes(axes)).render(.svg)
        XCTAssertEqual(image.mimeType, "image/svg+xml")
        final class Collector: NSObject, XMLParserDelegate {
            var root: String?
            var texts: [String] = []
            private var current: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) {
                if root == nil { root = name }
                if name == "text" || name == "title" { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if let text = current, name == "text" || name == "title" { texts.append(text); current = nil }
            }
        }
        let parser = XMLParser(data: Data(image.bytes))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "SVG must be well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(collector.root, "svg")
        for label in labels + ["Optimizers"] {
            XCTAssertTrue(collector.texts.contains(label), "missing \(label) in \(collector.texts)")
        }
    }

    func testEveryFigureKindRenders() throws {
        let heatmap = try Heatmap(values: [3, 1, 2, 4], rows: 2, columns: 2, rowLabels: ["a", "b"], columnLabels: ["c", "d"])
        let field = try ContourField(x: -1...1, y: -1...1, resolution: 30) { x, y in x * x + 3 * y * y }
        let graph = try GraphDiagram(nodes: [.init(id: 1, label: "x", kind: .input), .init(id: 2, label: "exp", kind: .output)],
                                     edges: [.init(from: 1, to: 2)])
        let regions = try ClassRegions(x: 0...1, y: 0...1, columns: 4, rows: 4) { x, _ in x > 0.5 ? 1 : 0 }
        let figures = [
            Figure(content: .heatmap(heatmap)),
            Figure(content: .axes(Axes(paths: [Trajectory(x: [0.9, 0.1, 0], y: [0.9, 0.2, 0])], contour: field))),
            Figure.graph(graph),
            Figure(content: .axes(Axes(scatter: [ScatterSeries(x: [0.2, 0.8], y: [0.5, 0.5], classes: [0, 1])],
                                       regions: regions))),
        ]
        let grid = Figure.grid(figures, columns: 2, title: "all")
        for figure in figures + [grid] {
            XCTAssertGreaterThan(try figure.render(.png(scale: 1)).bytes.count, 1000)
            XCTAssertGreaterThan(try figure.render(.svg).bytes.count, 1000)
        }
    }

    func testHeatmapMarksTheBestCell() throws {
        let map = try Heatmap(values: [5, 4, 3, 0.5, 2, 1], rows: 2, columns: 3, annotate: false)
        XCTAssertEqual(map.bestIndex, 3)
        let raster = try Figure(content: .heatmap(map), width: 400, height: 300).raster(scale: 1)
        let ring = Palette.color(1)
        let found = (0..<raster.width).contains { x in !rows(of: ring, inColumn: x, raster, tolerance: 0.08).isEmpty }
        XCTAssertTrue(found, "best-cell outline colour not found")
    }

    /// A contour plot's colour key sits right of the plot, one band per level interval, lowest at
    /// the bottom, in viridis (matplotlib's values at 0, 1/4, 1/2, 3/4) lightened a quarter to white
    /// as the bands are.
    func testContourHasAColourBarRightOfThePlot() throws {
        let xs = (0...10).map { Double($0) / 10 }
        let field = try ContourField(x: xs, y: [0, 1], values: xs + xs, levels: .explicit([0.25, 0.5, 0.75, 1]))
        let axes = Axes(contour: field)
        let figure = Figure(content: .axes(axes), width: 400, height: 300)
        let raster = try figure.raster(scale: 1)
        let canvas = try XCTUnwrap(Canvas.measuring())
        let (x, _) = AxesRenderer(axes: axes, pixelsPerPoint: 1).tickLayout(on: canvas, in: Rect(x: 0, y: 0, width: 400, height: 300))
        let bands = [0x440154, 0x3B528B, 0x21918C, 0x5EC962].map { Color(hex: $0).mixed(with: .white, 0.25) }
        let column = try XCTUnwrap((Int(x.pixelHigh) + 4..<raster.width).first { c in
            bands.allSatisfy { !rows(of: $0, inColumn: c, raster, tolerance: 0.04).isEmpty }
        }, "no column right of the plot shows every band")
        let heights = try bands.map { try meanRow(of: $0, inColumn: column, raster) }
        XCTAssertEqual(heights, heights.sorted(by: >), "the lowest band must be at the bottom: \(heights)")
    }

    func testScatterColoursEachClass() throws {
        let xs = [0.1, 0.2, 0.8, 0.9], ys = [0.1, 0.2, 0.8, 0.9]
        let figure = Figure(content: .axes(Axes(scatter: [ScatterSeries(x: xs, y: ys, classes: [0, 0, 2, 2], size: 10)],
                                                legend: .none, grid: false)), width: 300, height: 300)
        let raster = try figure.raster(scale: 1)
        func columns(of color: Color) -> [Int] {
            (0..<raster.width).filter { !rows(of: color, inColumn: $0, raster, tolerance: 0.1).isEmpty }
        }
        let class0 = columns(of: Palette.color(0)), class2 = columns(of: Palette.color(2))
        XCTAssertFalse(class0.isEmpty)
        XCTAssertFalse(class2.isEmpty)
        XCTAssertLessThan(class0.max()!, class2.min()!, "class 0 sits left of class 2")
    }

    func testErrorsAreThrownNotTrapped() throws {
        XCTAssertThrowsError(try Heatmap(values: [1, 2, 3], rows: 2, columns: 2)) {
            XCTAssertEqual($0 as? PlotError, .sizeMismatch(what: "heatmap values (2 x 2)", expected: 4, got: 3))
        }
        XCTAssertThrowsError(try GraphDiagram(nodes: [.init(id: 1, label: "a"), .init(id: 2, label: "b")],
                                              edges: [.init(from: 1, to: 2), .init(from: 2, to: 1)])) {
            XCTAssertEqual($0 as? PlotError, .cyclicGraph)
        }
        XCTAssertThrowsError(try GraphDiagram(nodes: [.init(id: 1, label: "a")], edges: [.init(from: 1, to: 9)]))
        XCTAssertThrowsError(try GraphDiagram(nodes: [.init(id: 1, label: "a"), .init(id: 1, label: "b")], edges: [])) {
            XCTAssertEqual($0 as? PlotError, .duplicateNode(1))
        }
        XCTAssertNil(Raster(png: []), "empty bytes are not a PNG")
        XCTAssertNil(Raster(png: [0x89, 0x50, 0x4E, 0x47]), "a truncated PNG does not decode")
        XCTAssertThrowsError(try Figure(content: .axes(Axes()), width: 0, height: 10).render())
        XCTAssertThrowsError(try Figure(content: .axes(Axes())).save(to: "/tmp/figure.pdf")) {
            XCTAssertEqual($0 as? PlotError, .unsupportedFileExtension("pdf"))
        }
        XCTAssertThrowsError(try ContourField(x: [0, 1], y: [0, 1], values: [1, 2, 3]))
    }

    func testSaveWritesPNGAndSVG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plot-tests-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("f.png").path, svg = directory.appendingPathComponent("f.svg").path
        try crossingLines().save(to: png)
        try crossingLines().save(to: svg)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: png)).prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
        XCTAssertTrue(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
    }

    /// The PNG writer is Plot's own: decoding its bytes with libpng (through cairo) must give
    /// back exactly the pixels that were rendered.
    /// At this size the image is compressed in two halves on two threads, one IDAT chunk each.
    func testPNGEncoderRoundTripsThroughLibpng() throws {
        let figure = Gallery.noisyCurves()
        let rendered = try figure.raster(scale: 2)
        let bytes = try figure.render(.png(scale: 2)).bytes
        let idat = Array("IDAT".utf8)
        XCTAssertEqual((0..<(bytes.count - 4)).filter { bytes[$0..<($0 + 4)].elementsEqual(idat) }.count, 2)
        let decoded = try XCTUnwrap(Raster(png: bytes))
        XCTAssertEqual(decoded.width, rendered.width)
        XCTAssertEqual(decoded.pixels.count, rendered.pixels.count)
        XCTAssertTrue(decoded.pixels == rendered.pixels, "decoded PNG differs from the rendered pixels")
    }

    /// Large images are compressed in two halves whose Adler-32 sums are combined: the combined
    /// sum must be the sum of the whole ("Wikipedia" is 0x11E60398, the textbook example).
    func testAdlerSumsOfTwoPartsCombineIntoTheSumOfTheWhole() {
        func adler(_ bytes: [UInt8]) -> Adler32 {
            var sum = Adler32()
            bytes.withUnsafeBufferPointer { sum.update($0) }
            sum.length = bytes.count
            return sum
        }
        XCTAssertEqual(adler(Array("Wikipedia".utf8)).value, 0x11E6_0398)
        var state: UInt64 = 3
        let bytes = (0..<20_000).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        for cut in [0, 1, 9, 5552, 6000, 19_999, 20_000] {
            var combined = adler(Array(bytes[..<cut]))
            combined.append(adler(Array(bytes[cut...])))
            XCTAssertEqual(combined.value, adler(bytes).value, "cut at \(cut)")
        }
    }

    /// A figure too small to be split still round-trips through libpng (one IDAT, one thread).
    func testSmallPNGRoundTripsThroughLibpng() throws {
        let figure = Gallery.noisyCurves()
        let rendered = try figure.raster(scale: 0.25)
        let decoded = try XCTUnwrap(Raster(png: figure.render(.png(scale: 0.25)).bytes))
        XCTAssertEqual(decoded.height, rendered.height)
        XCTAssertLessThan(rendered.width * rendered.height, 1 << 18)
        XCTAssertTrue(decoded.pixels == rendered.pixels, "decoded PNG differs from the rendered pixels")
    }

    /// Two runs: validation dashed in its run's colour at the steps that end the epochs; no epoch
    /// markers, which are for a single run.
    func testLossCurvesDashValidationInTheRunsColour() {
        let runs = [RunCurve(name: "SGD", trainLoss: (0..<100).map { 1 / Double($0 + 1) }, validationLoss: [0.9, 0.5],
                             epochs: 2),
                    RunCurve(name: "Adam", trainLoss: (0..<100).map { 0.5 / Double($0 + 1) }, epochs: 2)]
        let (lines, markers) = LossCurves.lines(runs, smoothing: 0.6)
        XCTAssertEqual(lines.map(\.label), ["SGD", "SGD (validation)", "Adam"])
        XCTAssertEqual(lines[1].style, .dashed)
        XCTAssertEqual(lines[1].x, [50, 100])
        XCTAssertEqual(lines[1].color, lines[0].color)
        XCTAssertNotEqual(lines[2].color, lines[0].color)
        XCTAssertEqual(lines[0].smoothing, 0.6)
        XCTAssertNil(lines[1].smoothing, "validation points are not smoothed")
        XCTAssertEqual(markers, [])
    }

    /// One run: its validation in another colour, epoch markers between epochs; long runs smooth
    /// by default, and a log axis for losses spanning more than a decade.
    func testLossCurvesOfOneRun() {
        let run = RunCurve(name: "run", trainLoss: (0..<300).map { 1 / Double($0 + 1) }, validationLoss: [0.5, 0.2, 0.1],
                           epochs: 3)
        let (lines, markers) = LossCurves.lines([run], smoothing: nil)
        XCTAssertNotEqual(lines[1].color, lines[0].color)
        XCTAssertEqual(lines[1].x, [100, 200, 300])
        XCTAssertEqual(markers.map(\.x), [100, 200])
        XCTAssertEqual(LossCurves.defaultSmoothing([run]), 0.6)
        XCTAssertNil(LossCurves.defaultSmoothing([RunCurve(name: "short", trainLoss: [1, 0.5])]))
        XCTAssertTrue(LossCurves.prefersLog(run.trainLoss))
        XCTAssertFalse(LossCurves.prefersLog([2, 1, 0.5]))
        XCTAssertFalse(LossCurves.prefersLog([1, 0, 0.001]), "no log axis for a zero")
    }

    func testLogoIsASquarePNG() throws {
        let bytes = logoPNG(size: 64)
        let raster = try XCTUnwrap(Raster(png: bytes))
        XCTAssertEqual(raster.width, 64)
        XCTAssertEqual(raster.height, 64)
        XCTAssertEqual(raster.color(x: 0, y: 0).alpha, 0, "corners are transparent")
        XCTAssertEqual(raster.color(x: 32, y: 5).alpha, 1, accuracy: 0.01)
    }
}
