import CCairo
import Foundation

/// Descent's mark as PNG bytes, `size` x `size` pixels (clamped to 16...1024): a loss curve
/// descending across a dark rounded square to a ball resting at its minimum.
/// Returns an empty array only if cairo cannot allocate the image.
public func logoPNG(size: Int) -> [UInt8] {
    let pixels = min(max(size, 16), 1024)
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pixels), Int32(pixels)) else { return [] }
    defer { cairo_surface_destroy(surface) }
    guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return [] }
    do {
        let canvas = Canvas(surface: surface, recordsText: false)
        canvas.scale(Double(pixels) / 64)
        roundedRectangle(canvas, Rect(x: 1, y: 1, width: 62, height: 62), radius: 13)
        canvas.setColor(Color(hex: 0x17233B))
        canvas.fill()
        // The curve: a steep drop flattening out, like a loss under a good learning rate.
        let curve = (0...40).map { i -> (Double, Double) in
            let t = Double(i) / 40
            return (11 + 40 * t, 14 + 34 * (1 - exp(-4.2 * t)) / (1 - exp(-4.2)))
        }
        for (width, color) in [(7.0, Color(hex: 0x56B4E9, alpha: 0.22)), (3.6, Color(hex: 0x56B4E9))] {
            canvas.setColor(color)
            canvas.setLine(width: width, roundCaps: true)
            canvas.move(curve[0].0, curve[0].1)
            for p in curve.dropFirst() { canvas.line(p.0, p.1) }
            canvas.stroke()
        }
        let end = curve[curve.count - 1]
        canvas.circle(end.0, end.1 - 3.2, radius: 5.6)
        canvas.setColor(Color(hex: 0xE69F00))
        canvas.fill()
        canvas.circle(end.0 - 1.7, end.1 - 5, radius: 1.7)
        canvas.setColor(Color.white.withAlpha(0.55))
        canvas.fill()
    }
    cairo_surface_flush(surface)
    let sink = ByteSink()
    guard cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
            == CAIRO_STATUS_SUCCESS else { return [] }
    return sink.bytes
}
