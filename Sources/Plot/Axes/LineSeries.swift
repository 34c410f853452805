/// One curve: y values over x (or over step indices 0, 1, 2, ... when `x` is nil).
///
/// NaN and infinite values, and values ≤ 0 on a log axis, break the line into pieces rather than
/// stopping the figure. Very long series are decimated per pixel column, keeping each column's
/// first, last, minimum and maximum, so spikes survive.
public struct LineSeries: Sendable {
    public enum Style: Sendable, Equatable {
        case solid, dashed, dotted
    }

    public var label: String?
    public var x: [Double]?
    public var y: [Double]
    /// `nil` takes the next palette colour.
    public var color: Color?
    public var style: Style
    public var width: Double
    /// Exponential moving average weight in 0..<1 (TensorBoard's slider); the raw curve stays
    /// faintly behind the smoothed one. `nil` or 0 draws the raw curve only.
    public var smoothing: Double?
    /// Draws a dot at every point (for short series).
    public var showsPoints: Bool

    public init(label: String? = nil, x: [Double]? = nil, y: [Double], color: Color? = nil,
                style: Style = .solid, width: Double = 1.75, smoothing: Double? = nil, showsPoints: Bool = false) {
        self.label = label
        self.x = x
        self.y = y
        self.color = color
        self.style = style
        self.width = width
        self.smoothing = smoothing
        self.showsPoints = showsPoints
    }

    /// The x of point `i`.
    func xValue(_ i: Int) -> Double { x.map { i < $0.count ? $0[i] : .nan } ?? Double(i) }
}
