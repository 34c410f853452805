import CCairo

/// Pixels of a rendered figure or a decoded PNG, read straight from a cairo image surface:
/// what tests probe to check that a series' colour lies where its data says.
struct Raster {
    let width: Int
    let height: Int
    /// 0xAARRGGBB, premultiplied, row-major from the top left.
    let pixels: [UInt32]

    init(surface: OpaquePointer) {
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        var pixels = [UInt32](repeating: 0, count: width * height)
        if let data = cairo_image_surface_get_data(surface) {
            for row in 0..<height {
                let source = UnsafeRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for column in 0..<width {
                    pixels[row * width + column] = opaque ? source[column] | 0xFF00_0000 : source[column]
                }
            }
        }
        self.pixels = pixels
    }

    /// Decodes PNG bytes through cairo's reader; nil when they are not a PNG cairo can read.
    init?(png bytes: [UInt8]) {
        final class Source { var bytes: [UInt8]; var offset = 0; init(_ b: [UInt8]) { bytes = b } }
        let source = Source(bytes)
        let read: cairo_read_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
            let source = Unmanaged<Source>.fromOpaque(closure).takeUnretainedValue()
            let count = Int(length)
            guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
            guard count > 0 else { return CAIRO_STATUS_SUCCESS }
            source.bytes.withUnsafeBufferPointer { data.update(from: $0.baseAddress! + source.offset, count: count) }
            source.offset += count
            return CAIRO_STATUS_SUCCESS
        }
        guard let surface = cairo_image_surface_create_from_png_stream(read, Unmanaged.passUnretained(source).toOpaque())
        else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        self.init(surface: surface)
    }

    func color(x: Int, y: Int) -> Color {
        let p = pixels[y * width + x]
        let a = Double(p >> 24) / 255
        guard a > 0 else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        return Color(red: Double((p >> 16) & 0xFF) / 255 / a, green: Double((p >> 8) & 0xFF) / 255 / a,
                     blue: Double(p & 0xFF) / 255 / a, alpha: a)
    }
}

extension Figure {
    /// Renders into memory and returns the pixels (no PNG encoding).
    func raster(scale: Double) throws -> Raster {
        try withRaster(scale: scale) { Raster(surface: $0) }
    }
}
