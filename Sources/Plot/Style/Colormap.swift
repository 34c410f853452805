/// A perceptually uniform colour scale for heatmaps, contour bands and colour bars.
public struct Colormap: Sendable {
    /// Evenly spaced anchor colours, interpolated linearly in between.
    let anchors: [(Double, Double, Double)]

    /// Matplotlib's viridis, sampled at 33 evenly spaced points (exact to 3 decimals between).
    public static let viridis = Colormap(anchors: [
        (0.2670, 0.0049, 0.3294),
        (0.2770, 0.0503, 0.3757),
        (0.2823, 0.0950, 0.4173),
        (0.2829, 0.1359, 0.4534),
        (0.2788, 0.1755, 0.4834),
        (0.2706, 0.2141, 0.5071),
        (0.2590, 0.2515, 0.5247),
        (0.2450, 0.2877, 0.5373),
        (0.2297, 0.3224, 0.5457),
        (0.2143, 0.3556, 0.5512),
        (0.1994, 0.3876, 0.5546),
        (0.1856, 0.4186, 0.5568),
        (0.1727, 0.4488, 0.5579),
        (0.1607, 0.4785, 0.5581),
        (0.1490, 0.5081, 0.5573),
        (0.1378, 0.5375, 0.5549),
        (0.1276, 0.5669, 0.5506),
        (0.1206, 0.5964, 0.5436),
        (0.1206, 0.6258, 0.5335),
        (0.1323, 0.6550, 0.5197),
        (0.1579, 0.6838, 0.5017),
        (0.1966, 0.7118, 0.4792),
        (0.2461, 0.7389, 0.4520),
        (0.3041, 0.7647, 0.4199),
        (0.3692, 0.7889, 0.3829),
        (0.4401, 0.8111, 0.3410),
        (0.5160, 0.8312, 0.2943),
        (0.5958, 0.8487, 0.2433),
        (0.6785, 0.8637, 0.1895),
        (0.7624, 0.8764, 0.1371),
        (0.8456, 0.8873, 0.0997),
        (0.9261, 0.8973, 0.1041),
        (0.9932, 0.9062, 0.1439),
    ])

    /// The colour at `t` in 0...1; values outside are clamped, NaN gives mid-grey.
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return Color(hex: 0xBDBDBD) }
        let position = min(max(t, 0), 1) * Double(anchors.count - 1)
        let index = min(Int(position), anchors.count - 2)
        let fraction = position - Double(index)
        let (r0, g0, b0) = anchors[index]
        let (r1, g1, b1) = anchors[index + 1]
        return Color(red: r0 + (r1 - r0) * fraction,
                     green: g0 + (g1 - g0) * fraction,
                     blue: b0 + (b1 - b0) * fraction)
    }
}
