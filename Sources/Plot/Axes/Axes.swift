/// A plotting area: layers of data drawn over shared x and y scales, with ticks, labels and a
/// legend. Layers draw in this order: class regions, contour, lines, paths, scatter points.
public struct Axes: Sendable {
    /// How data values map to positions along an axis.
    public enum Scale: Sendable, Equatable {
        case linear
        /// Base-10 logarithmic; values ≤ 0 are left out like NaN.
        case log
    }

    /// Where the legend goes; `.best` picks the corner that covers the fewest data points.
    public enum LegendPlacement: Sendable, Equatable {
        case best, upperRight, upperLeft, lowerLeft, lowerRight, none
    }

    public var xLabel: String?
    public var yLabel: String?
    public var xScale: Scale
    public var yScale: Scale
    /// Fixed ranges; `nil` fits the data with a small margin.
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    public var lines: [LineSeries]
    public var scatter: [ScatterSeries]
    public var paths: [Trajectory]
    public var contour: ContourField?
    public var regions: ClassRegions?
    /// Vertical reference lines, such as epoch boundaries.
    public var markers: [VerticalMarker]
    public var legend: LegendPlacement
    public var grid: Bool

    public init(xLabel: String? = nil, yLabel: String? = nil, xScale: Scale = .linear, yScale: Scale = .linear,
                xLimits: ClosedRange<Double>? = nil, yLimits: ClosedRange<Double>? = nil,
                lines: [LineSeries] = [], scatter: [ScatterSeries] = [], paths: [Trajectory] = [],
                contour: ContourField? = nil, regions: ClassRegions? = nil, markers: [VerticalMarker] = [],
                legend: LegendPlacement = .best, grid: Bool = true) {
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.xLimits = xLimits
        self.yLimits = yLimits
        self.lines = lines
        self.scatter = scatter
        self.paths = paths
        self.contour = contour
        self.regions = regions
        self.markers = markers
        self.legend = legend
        self.grid = grid
    }
}

/// A vertical line across the plot at `x`, such as an epoch boundary, with an optional label.
public struct VerticalMarker: Sendable, Equatable {
    public var x: Double
    public var label: String?

    public init(x: Double, label: String? = nil) {
        self.x = x
        self.label = label
    }

    /// Markers at every `stepsPerEpoch` steps up to `totalSteps`, labelled by epoch number.
    public static func epochs(stepsPerEpoch: Int, totalSteps: Int) -> [VerticalMarker] {
        guard stepsPerEpoch > 0, totalSteps > stepsPerEpoch else { return [] }
        return stride(from: stepsPerEpoch, to: totalSteps, by: stepsPerEpoch).map {
            VerticalMarker(x: Double($0), label: "epoch \($0 / stepsPerEpoch + 1)")
        }
    }
}
