import CCairo
import Foundation

/// Keeps the large per-render allocations (the image surface and the line rasterizer's buffers)
/// for the next render of the same size. Fresh memory costs a page fault per 4 KiB page, which
/// was an eighth of a loss figure's render time. Holds at most two of each.
///
/// Sendable because `lock` guards both lists; a surface or buffer taken out belongs to its
/// render alone until it is recycled.
final class RasterPool: @unchecked Sendable {
    static let shared = RasterPool()

    private let lock = NSLock()
    private var surfaces: [OpaquePointer] = []
    private var buffers: [CoverageBuffers] = []

    /// An RGB24 image surface of exactly `width` x `height` pixels, with undefined contents.
    func takeSurface(width: Int, height: Int) -> OpaquePointer? {
        lock.lock()
        if let index = surfaces.firstIndex(where: {
            Int(cairo_image_surface_get_width($0)) == width && Int(cairo_image_surface_get_height($0)) == height
        }) {
            let surface = surfaces.remove(at: index)
            lock.unlock()
            return surface
        }
        lock.unlock()
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return nil }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            return nil
        }
        return surface
    }

    func recycle(_ surface: OpaquePointer) {
        lock.lock()
        surfaces.append(surface)
        let evicted = surfaces.count > 2 ? surfaces.removeFirst() : nil
        lock.unlock()
        if let evicted { cairo_surface_destroy(evicted) }
    }

    /// Coverage buffers for at least `capacity` pixels, all coverage zero.
    func takeBuffers(capacity: Int) -> CoverageBuffers {
        lock.lock()
        defer { lock.unlock() }
        if let index = buffers.firstIndex(where: { $0.capacity >= capacity }) { return buffers.remove(at: index) }
        return CoverageBuffers(capacity: capacity)
    }

    func recycle(_ buffer: CoverageBuffers) {
        lock.lock()
        buffers.append(buffer)
        if buffers.count > 2 { buffers.removeFirst() }
        lock.unlock()
    }
}

/// Per-pixel coverage (kept all zero between lines) and the list of pixels a line touched.
final class CoverageBuffers {
    let capacity: Int
    let coverage: UnsafeMutablePointer<UInt8>
    let touched: UnsafeMutablePointer<Int32>

    init(capacity: Int) {
        self.capacity = capacity
        coverage = .allocate(capacity: capacity)
        coverage.initialize(repeating: 0, count: capacity)
        touched = .allocate(capacity: capacity)
    }

    deinit {
        coverage.deallocate()
        touched.deallocate()
    }
}
