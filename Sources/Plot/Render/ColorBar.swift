import Foundation

/// The colour key beside a heatmap or a contour plot: `colors` stacked bottom to top over the
/// bar, and `scale`'s ticks and labels on its right (its screen range is the bar's height).
///
/// A heatmap passes a smooth colormap and a value axis; a contour plot passes one colour per
/// band and an axis of band positions whose ticks are the levels, so every band has the same
/// height however unevenly its levels are spaced.
struct ColorBar {
    static let width = 14.0
    /// The gap between what the bar describes and the bar.
    static let gap = 18.0

    var colors: [Color]
    /// Blend neighbouring colours (a colormap) rather than keep hard edges (bands).
    var smooth: Bool
    var scale: AxisMapping
    var label: String?

    /// Width of the bar with its labels and title, for the layout to reserve.
    func extent(_ canvas: Canvas) -> Double {
        let widest = scale.labels.map { canvas.textWidth($0, size: Theme.tickSize) }.max() ?? 0
        return Self.gap + Self.width + 6 + widest + (label == nil ? 0 : Theme.labelSize * 1.5 + 4)
    }

    /// Draws the bar with its left edge at `left`, spanning the scale's screen range.
    func draw(_ canvas: Canvas, left: Double) {
        let rect = Rect(x: left, y: min(scale.pixelLow, scale.pixelHigh), width: Self.width,
                        height: abs(scale.pixelLow - scale.pixelHigh))
        canvas.image(pixels: colors.reversed().map(Canvas.pixel), width: 1, height: colors.count, in: rect, smooth: smooth)
        canvas.setColor(Theme.axisLine)
        canvas.setLine(width: 0.8)
        canvas.rectangle(rect)
        canvas.stroke()
        var widest = 0.0
        for (t, label) in zip(scale.ticks, scale.labels) {
            let p = scale(t)
            canvas.strokeLine(rect.maxX, p, rect.maxX + 3.5, p)
            canvas.text(label, x: rect.maxX + 6, y: p, size: Theme.tickSize, vertical: .middle)
            widest = max(widest, canvas.textWidth(label, size: Theme.tickSize))
        }
        if let label {
            canvas.text(label, x: rect.maxX + 10 + widest + Theme.labelSize * 0.75, y: rect.midY, size: Theme.labelSize,
                        horizontal: .center, vertical: .middle, angle: -Double.pi / 2)
        }
    }
}
