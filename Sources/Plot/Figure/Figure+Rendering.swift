import CCairo
import Interruption
import Foundation

/// How to render a figure.
public enum RenderFormat: Sendable, Equatable {
    /// A PNG with `scale` device pixels per logical point (2 for retina displays).
    case png(scale: Double)
    case svg
}

/// Rendered bytes with the logical size a front end should display them at.
public struct RenderedImage: Sendable {
    public var bytes: [UInt8]
    /// "image/png" or "image/svg+xml".
    public var mimeType: String
    /// Logical size (for Jupyter's `width`/`height` metadata on retina PNGs).
    public var width: Int
    public var height: Int
    /// Size in device pixels (equal to the logical size for SVG).
    public var pixelWidth: Int
    public var pixelHeight: Int
}

extension Figure {
    /// Renders to PNG or SVG bytes in memory.
    ///
    /// Throws `PlotError.invalidSize` for sizes outside 16...8192 points (or a PNG over 16384
    /// pixels a side) and `PlotError.cairo` when cairo reports a failure. Contour levels, band
    /// rows and lines stop drawing once an interrupt is pending, and the render then throws
    /// `PlotError.interrupted`, leaving the request pending for the caller to take.
    public func render(_ format: RenderFormat = .png(scale: 2)) throws -> RenderedImage {
        switch format {
        case let .png(scale): return try renderPNG(scale: scale)
        case .svg: return try renderSVG()
        }
    }

    /// Writes the figure to `path`, as PNG (at 2x) or SVG by the file's extension.
    public func save(to path: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        let image: RenderedImage
        switch ext {
        case "png": image = try render(.png(scale: 2))
        case "svg": image = try render(.svg)
        default: throw PlotError.unsupportedFileExtension(ext)
        }
        do {
            try Data(image.bytes).write(to: URL(fileURLWithPath: path))
        } catch {
            throw PlotError.io(path: path, reason: error.localizedDescription)
        }
    }

    // MARK: Surfaces

    private func validatedPixelSize(scale: Double) throws -> (Int, Int) {
        guard width.isFinite, height.isFinite, (16...8192).contains(width), (16...8192).contains(height),
              scale.isFinite, scale > 0 else {
            throw PlotError.invalidSize(width: width, height: height)
        }
        let pw = Int((width * scale).rounded()), ph = Int((height * scale).rounded())
        guard pw <= 16384, ph <= 16384, pw > 0, ph > 0 else { throw PlotError.invalidSize(width: width, height: height) }
        return (pw, ph)
    }

    /// Draws into a new image surface; `body` reads it before it is destroyed. `backgrounds`
    /// keeps the backgrounds of contour and class-region figures for their next render (nil: draw
    /// everything, as the differential tests do).
    func withRaster<T>(scale: Double, backgrounds: BackgroundCache? = .shared,
                       _ body: (OpaquePointer) throws -> T) throws -> T {
        let (pw, ph) = try validatedPixelSize(scale: scale)
        guard let surface = RasterPool.shared.takeSurface(width: pw, height: ph) else {
            throw PlotError.cairo("cannot create a \(pw)x\(ph) image")
        }
        defer { RasterPool.shared.recycle(surface) }
        cairo_surface_set_device_scale(surface, Double(pw) / width, Double(ph) / height)
        do {
            let canvas = Canvas(surface: surface, recordsText: false)
            draw(on: canvas, pixelsPerPoint: scale, backgrounds: backgrounds)
            if Interrupt.isRequested { throw PlotError.interrupted }
            try check(canvas.status)
        }
        cairo_surface_flush(surface)
        return try body(surface)
    }

    func renderPNG(scale: Double, backgrounds: BackgroundCache? = .shared) throws -> RenderedImage {
        try withRaster(scale: scale, backgrounds: backgrounds) { surface in
            guard let data = cairo_image_surface_get_data(surface) else { throw PlotError.cairo("image has no pixels") }
            let bytes = PNGEncoder.encode(rgb24: UnsafeRawPointer(data), width: Int(cairo_image_surface_get_width(surface)),
                                          height: Int(cairo_image_surface_get_height(surface)),
                                          stride: Int(cairo_image_surface_get_stride(surface)))
            return RenderedImage(bytes: bytes, mimeType: "image/png", width: Int(width.rounded()),
                                 height: Int(height.rounded()), pixelWidth: Int(cairo_image_surface_get_width(surface)),
                                 pixelHeight: Int(cairo_image_surface_get_height(surface)))
        }
    }

    private func renderSVG() throws -> RenderedImage {
        _ = try validatedPixelSize(scale: 1)
        let sink = ByteSink()
        guard let surface = cairo_svg_surface_create_for_stream(ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(),
                                                                width, height) else {
            throw PlotError.cairo("cannot create an SVG surface")
        }
        cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
        let placed: [Canvas.PlacedText]
        do {
            let canvas = Canvas(surface: surface, recordsText: true)
            draw(on: canvas, pixelsPerPoint: 2)
            placed = canvas.placedTexts
            let status = canvas.status
            cairo_surface_finish(surface)
            let surfaceStatus = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            if Interrupt.isRequested { throw PlotError.interrupted }
            try check(status)
            try check(surfaceStatus)
        }
        let bytes = SVGTextLayer.inserting(placed, title: title, into: sink.bytes)
        return RenderedImage(bytes: bytes, mimeType: "image/svg+xml", width: Int(width.rounded()),
                             height: Int(height.rounded()), pixelWidth: Int(width.rounded()), pixelHeight: Int(height.rounded()))
    }

    // MARK: Drawing

    /// Paints the page, the title and the content into (0, 0, width, height).
    ///
    /// The one place that chooses between the two ways of drawing an axes figure whose background
    /// is worth keeping (`AxesRenderer.hasCostlyBackground`): with `backgrounds` and a canvas
    /// whose pixels can be copied, the page, title, grid, regions and contour come from the
    /// cache when an earlier render left them there (and go into it when not); everything else
    /// is drawn the same way in both.
    func draw(on canvas: Canvas, pixelsPerPoint: Double, backgrounds: BackgroundCache? = nil) {
        let frame = Rect(x: 0, y: 0, width: width, height: height)
        if let backgrounds, case let .axes(axes) = content {
            let renderer = AxesRenderer(axes: axes, pixelsPerPoint: pixelsPerPoint)
            if renderer.hasCostlyBackground {
                let layout = renderer.layout(on: canvas, in: body(of: frame))
                var key = BackgroundKey()
                key.append(title)
                key.append(frame)
                renderer.appendBackgroundKey(layout, to: &key)
                var restored = false
                _ = canvas.drawDirectly { restored = backgrounds.restore(key.bytes, into: $0) }
                if !restored {
                    let requests = Interrupt.requestCount
                    canvas.fill(frame, .white)
                    drawTitle(on: canvas, in: frame)
                    renderer.drawBackground(canvas, layout)
                    // A background cut short by an interrupt is not kept.
                    if Interrupt.requestCount == requests && !Interrupt.isRequested && canvas.status == CAIRO_STATUS_SUCCESS {
                        _ = canvas.drawDirectly { backgrounds.store(key.bytes, from: $0) }
                    }
                }
                renderer.drawForeground(canvas, layout)
                return
            }
        }
        canvas.fill(frame, .white)
        draw(on: canvas, in: frame, pixelsPerPoint: pixelsPerPoint)
    }

    /// `frame` less the title's room.
    private func body(of frame: Rect) -> Rect {
        guard let title, !title.isEmpty else { return frame }
        var body = frame
        body.y += Theme.titleSize + 8
        body.height -= Theme.titleSize + 8
        return body
    }

    private func drawTitle(on canvas: Canvas, in frame: Rect) {
        guard let title, !title.isEmpty else { return }
        canvas.text(title, x: frame.midX, y: frame.minY + Theme.margin + 2, size: Theme.titleSize,
                    horizontal: .center, vertical: .top, bold: true)
    }

    func draw(on canvas: Canvas, in frame: Rect, pixelsPerPoint: Double) {
        drawTitle(on: canvas, in: frame)
        let body = body(of: frame)
        switch content {
        case let .axes(axes):
            AxesRenderer(axes: axes, pixelsPerPoint: pixelsPerPoint).draw(on: canvas, in: body)
        case let .heatmap(heatmap):
            HeatmapRenderer(heatmap: heatmap).draw(on: canvas, in: body)
        case let .graph(diagram):
            GraphRenderer(diagram: diagram).draw(on: canvas, in: body)
        case let .grid(figures, columns):
            let cols = max(columns, 1)
            let rows = max(1, (figures.count + cols - 1) / cols)
            let cellWidth = body.width / Double(cols), cellHeight = body.height / Double(rows)
            for (index, figure) in figures.enumerated() {
                let cell = Rect(x: body.minX + Double(index % cols) * cellWidth,
                                y: body.minY + Double(index / cols) * cellHeight, width: cellWidth, height: cellHeight)
                canvas.save()
                canvas.clip(cell)
                figure.draw(on: canvas, in: cell, pixelsPerPoint: pixelsPerPoint)
                canvas.restore()
            }
        }
    }
}

private func check(_ status: cairo_status_t) throws {
    guard status == CAIRO_STATUS_SUCCESS else { throw PlotError.cairo(String(cString: cairo_status_to_string(status))) }
}

/// Collects bytes from cairo's stream writers.
final class ByteSink {
    var bytes: [UInt8] = []

    static let write: cairo_write_func_t = { closure, data, length in
        guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
        return CAIRO_STATUS_SUCCESS
    }
}
