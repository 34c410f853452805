import CCairo
import Foundation

/// A thin drawing context over one cairo context: colours, lines, text with anchors and images.
///
/// In SVG mode it also records each string it draws, so the document can carry a transparent
/// text layer (cairo writes glyphs as outlines, which no search or screen reader can read).
final class Canvas {
    enum HorizontalAnchor { case left, center, right }
    enum VerticalAnchor { case top, middle, baseline, bottom }

    struct PlacedText {
        var text: String
        var x: Double
        var y: Double
        var size: Double
        var angle: Double
    }

    static let fontFamily = "DejaVu Sans"

    let context: OpaquePointer
    private let recordsText: Bool
    /// A surface this canvas made for itself (see `measuring()`), destroyed with it.
    private var ownedSurface: OpaquePointer?
    private(set) var placedTexts: [PlacedText] = []

    /// The RGB24 image behind this canvas, when it has one, for direct rasterization.
    private let imageSurface: OpaquePointer?
    private var polylineRasterizer: (clip: Rect, rasterizer: PolylineRasterizer)?

    init(surface: OpaquePointer, recordsText: Bool) {
        context = cairo_create(surface)
        let isImage = cairo_surface_get_type(surface) == CAIRO_SURFACE_TYPE_IMAGE
            && cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        imageSurface = isImage ? surface : nil
        self.recordsText = recordsText
        let options = cairo_font_options_create()
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
        cairo_set_antialias(context, CAIRO_ANTIALIAS_DEFAULT)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
    }

    deinit {
        cairo_destroy(context)
        if let ownedSurface { cairo_surface_destroy(ownedSurface) }
    }

    /// A canvas over a 1x1 image, for measuring text before a figure's size is known.
    static func measuring() -> Canvas? {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1) else { return nil }
        let canvas = Canvas(surface: surface, recordsText: false)
        canvas.ownedSurface = surface
        return canvas
    }

    var status: cairo_status_t { cairo_status(context) }

    // MARK: State

    func save() { cairo_save(context) }
    func restore() { cairo_restore(context) }
    func translate(_ x: Double, _ y: Double) { cairo_translate(context, x, y) }
    func scale(_ s: Double) { cairo_scale(context, s, s) }

    func clip(_ rect: Rect) {
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
    }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(context, color.red, color.green, color.blue, color.alpha)
    }

    func setLine(width: Double, dash: [Double] = [], roundCaps: Bool = false) {
        cairo_set_line_width(context, width)
        cairo_set_line_cap(context, roundCaps ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        dash.withUnsafeBufferPointer { cairo_set_dash(context, $0.baseAddress, Int32($0.count), 0) }
    }

    func setFastAntialiasing(_ fast: Bool) {
        cairo_set_antialias(context, fast ? CAIRO_ANTIALIAS_FAST : CAIRO_ANTIALIAS_DEFAULT)
    }

    /// The pixels of this canvas's image, for layers that write them directly.
    struct DevicePixels {
        let base: UnsafeMutablePointer<UInt32>
        let stride: Int  // in pixels
        let width: Int
        let height: Int
        /// Device pixels per point.
        let scaleX: Double
        let scaleY: Double

        /// The pixels `rect` (in points) touches, half-open, within the image.
        func box(_ rect: Rect) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
            (x0: max(Int(floor(rect.minX * scaleX)), 0), y0: max(Int(floor(rect.minY * scaleY)), 0),
             x1: min(Int(ceil(rect.maxX * scaleX)), width), y1: min(Int(ceil(rect.maxY * scaleY)), height))
        }
    }

    /// Runs `body` on the image's pixels (cairo's drawing flushed before, marked dirty after);
    /// false, without running it, when this canvas is not an untransformed RGB24 image, so the
    /// caller draws through cairo instead.
    func drawDirectly(_ body: (DevicePixels) -> Void) -> Bool {
        guard let surface = imageSurface, let data = cairo_image_surface_get_data(surface) else { return false }
        var matrix = cairo_matrix_t()
        cairo_get_matrix(context, &matrix)
        guard matrix.xx == 1, matrix.yy == 1, matrix.xy == 0, matrix.yx == 0, matrix.x0 == 0, matrix.y0 == 0 else {
            return false
        }
        var sx = 1.0, sy = 1.0
        cairo_surface_get_device_scale(surface, &sx, &sy)
        cairo_surface_flush(surface)
        body(DevicePixels(base: UnsafeMutableRawPointer(data).assumingMemoryBound(to: UInt32.self),
                          stride: Int(cairo_image_surface_get_stride(surface)) / 4,
                          width: Int(cairo_image_surface_get_width(surface)),
                          height: Int(cairo_image_surface_get_height(surface)), scaleX: sx, scaleY: sy))
        cairo_surface_mark_dirty(surface)
        return true
    }

    /// Strokes a solid polyline straight into the image (see `PolylineRasterizer`), clipped to
    /// `clip`; false when this canvas is not an untransformed RGB24 image, so the caller strokes
    /// through cairo instead. NaN in `ys` lifts the pen.
    func rasterizePolyline(xs: [Double], ys: [Double], width: Double, color: Color, clip: Rect) -> Bool {
        drawDirectly { image in
            let rasterizer: PolylineRasterizer
            if let cached = polylineRasterizer, cached.clip == clip {
                rasterizer = cached.rasterizer
            } else {
                rasterizer = PolylineRasterizer(pixels: image.base, stride: image.stride, height: image.height,
                                                clip: image.box(clip))
                polylineRasterizer = (clip, rasterizer)
            }
            let sx = image.scaleX, sy = image.scaleY
            rasterizer.draw(xs: xs.map { $0 * sx }, ys: ys.map { $0 * sy }, lineWidth: width * sx, color: color)
        }
    }

    // MARK: Paths

    func move(_ x: Double, _ y: Double) { cairo_move_to(context, x, y) }
    func line(_ x: Double, _ y: Double) { cairo_line_to(context, x, y) }
    func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x: Double, _ y: Double) {
        cairo_curve_to(context, x1, y1, x2, y2, x, y)
    }
    func close() { cairo_close_path(context) }
    func rectangle(_ rect: Rect) { cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height) }
    func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(context)
        cairo_arc(context, x, y, radius, 0, 2 * Double.pi)
    }
    func stroke() { cairo_stroke(context) }
    /// Drops the path built so far without drawing it.
    func discardPath() { cairo_new_path(context) }
    func fill() { cairo_fill(context) }
    func fillPreserve() { cairo_fill_preserve(context) }

    func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        rectangle(rect)
        fill()
    }

    func strokeLine(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
        move(x0, y0)
        line(x1, y1)
        stroke()
    }

    // MARK: Text

    func setFont(size: Double, bold: Bool = false) {
        cairo_select_font_face(context, Canvas.fontFamily, CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
    }

    /// Advance width of `text` at `size`.
    func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        return extents.x_advance
    }

    /// Draws `text` anchored at (x, y); `angle` in radians, counter-clockwise (-π/2 reads upward).
    func text(_ text: String, x: Double, y: Double, size: Double, color: Color = .ink,
              horizontal: HorizontalAnchor = .left, vertical: VerticalAnchor = .baseline,
              angle: Double = 0, bold: Bool = false) {
        guard !text.isEmpty else { return }
        setFont(size: size, bold: bold)
        var extents = cairo_text_extents_t()
        cairo_text_extents(context, text, &extents)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(context, &fontExtents)
        let dx: Double
        switch horizontal {
        case .left: dx = 0
        case .center: dx = -extents.x_advance / 2
        case .right: dx = -extents.x_advance
        }
        // Cap height of DejaVu Sans is 0.73 em: centre on it, not on the full ascent.
        let capHeight = 0.73 * size
        let dy: Double
        switch vertical {
        case .top: dy = capHeight
        case .middle: dy = capHeight / 2
        case .baseline: dy = 0
        case .bottom: dy = -fontExtents.descent
        }
        save()
        translate(x, y)
        if angle != 0 { cairo_rotate(context, angle) }
        setColor(color)
        move(dx, dy)
        cairo_show_text(context, text)
        if recordsText {
            var ux = dx, uy = dy
            cairo_user_to_device(context, &ux, &uy)
            placedTexts.append(PlacedText(text: text, x: ux, y: uy, size: size, angle: angle))
        }
        restore()
    }

    // MARK: Images

    /// Draws a `width` x `height` image of premultiplied ARGB32 pixels stretched over `rect`.
    func image(pixels: [UInt32], width: Int, height: Int, in rect: Rect, smooth: Bool) {
        guard width > 0, height > 0, pixels.count == width * height else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, Int32(width)))
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS,
              let data = cairo_image_surface_get_data(surface) else { return }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        pixels.withUnsafeBufferPointer { source in
            for row in 0..<height {
                let target = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                target.update(from: source.baseAddress! + row * width, count: width)
            }
        }
        cairo_surface_mark_dirty(surface)
        save()
        clip(rect)
        translate(rect.x, rect.y)
        cairo_scale(context, rect.width / Double(width), rect.height / Double(height))
        cairo_set_source_surface(context, surface, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
        cairo_pattern_set_extend(cairo_get_source(context), CAIRO_EXTEND_PAD)
        cairo_paint(context)
        restore()
    }

    /// Packs a colour as a premultiplied ARGB32 pixel, as cairo image surfaces store them.
    static func pixel(_ color: Color) -> UInt32 {
        let a = min(max(color.alpha, 0), 1)
        func channel(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * a * 255).rounded()) }
        return (UInt32((a * 255).rounded()) << 24) | (channel(color.red) << 16) | (channel(color.green) << 8) | channel(color.blue)
    }
}

/// A rectangle in logical points, origin at the top left.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func inset(_ d: Double) -> Rect { Rect(x: x + d, y: y + d, width: width - 2 * d, height: height - 2 * d) }
    func contains(_ px: Double, _ py: Double) -> Bool { px >= minX && px <= maxX && py >= minY && py <= maxY }
    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}
