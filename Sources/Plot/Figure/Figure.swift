/// A figure described as data: what to draw, at what logical size. Rendering is separate
/// (`render(_:)`, `save(to:)`), so a figure can be built, inspected and rendered many times.
///
/// ```
/// var axes = Axes(xLabel: "step", yLabel: "loss", yScale: .log)
/// axes.lines.append(LineSeries(label: "SGD", y: losses))
/// let png = try Figure(title: "Training loss", content: .axes(axes)).render(.png(scale: 2))
/// ```
public struct Figure: Sendable {
    /// What a figure shows.
    public indirect enum Content: Sendable {
        /// A plotting area with lines, scatter points, contour, class regions and paths.
        case axes(Axes)
        /// A grid of values as coloured cells with a colour bar.
        case heatmap(Heatmap)
        /// A computational graph: boxes in layers joined by arrows.
        case graph(GraphDiagram)
        /// Subfigures in rows of `columns`, each drawn in its own cell.
        case grid([Figure], columns: Int)
    }

    public var title: String?
    public var content: Content
    /// Logical size in points (CSS pixels); PNGs are rendered at `scale` times this.
    public var width: Double
    public var height: Double

    public init(title: String? = nil, content: Content, width: Double = 640, height: Double = 400) {
        self.title = title
        self.content = content
        self.width = width
        self.height = height
    }

    /// A figure sized to fit a computational graph at its natural size (within 320...1600 by
    /// 200...900 points, so it fits a laptop's screen; larger graphs are scaled down to fit).
    public static func graph(_ diagram: GraphDiagram, title: String? = nil) -> Figure {
        let canvas = Canvas.measuring()
        let natural = canvas.map { GraphRenderer.naturalSize(of: diagram, canvas: $0) } ?? (width: 640, height: 400)
        // As wide as the title too: a small graph under a long title must not cut it off.
        let titleWidth = title.flatMap { t in canvas.map { $0.textWidth(t, size: Theme.titleSize, bold: true) } } ?? 0
        let titleSpace = title == nil ? 0 : Theme.titleSize + 8
        return Figure(title: title, content: .graph(diagram),
                      width: min(max(max(natural.width, titleWidth) + 2 * Theme.margin + 20, 320), 1600),
                      height: min(max(natural.height + 2 * Theme.margin + 20 + titleSpace, 200), 900))
    }

    /// A grid of subfigures, `columns` per row, each cell as large as the largest subfigure
    /// scaled so the grid is at most 1280 points wide.
    public static func grid(_ figures: [Figure], columns: Int, title: String? = nil) -> Figure {
        let cols = max(1, min(columns, max(figures.count, 1)))
        let rows = max(1, (figures.count + cols - 1) / cols)
        let cellWidth = min(figures.map(\.width).max() ?? 640, 1280 / Double(cols))
        let cellHeight = cellWidth * 0.66
        let titleSpace = title == nil ? 0 : 30.0
        return Figure(title: title, content: .grid(figures, columns: cols),
                      width: cellWidth * Double(cols), height: cellHeight * Double(rows) + titleSpace)
    }
}
