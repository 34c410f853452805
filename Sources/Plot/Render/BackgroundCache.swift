import Foundation

/// The pixels of figures' backgrounds (everything drawn beneath the data that changes between
/// redraws: the white page, the title, the grid, class regions and the contour's bands and
/// lines), kept for the next render with the same background. A slider that only moves an
/// optimizer's path redraws its contour figure without sampling bands or tracing contour lines
/// again: the background is copied in and the paths, axes, colour bar and legend drawn over it,
/// to the same bytes as a render without the cache (`BackgroundCacheTests`).
///
/// An entry is found by its key's bytes, compared in full (not by a hash that could collide),
/// and the key holds every value the background's drawing reads (`AxesRenderer.appendBackgroundKey`),
/// the contour's sampled values included: a user's function can read globals, so what it is
/// called says nothing about what it returned. Entries are evicted least recently used first,
/// within `budget` bytes of pixels.
///
/// Sendable because `lock` guards `entries` and `hitCount`; an entry is immutable once made, so it is read
/// outside the lock by whoever holds it.
final class BackgroundCache: @unchecked Sendable {
    static let shared = BackgroundCache()

    /// Pixels kept at most, in bytes: six 1280x960 figures (640x480 points at 2x).
    let budget: Int

    private let lock = NSLock()
    /// Most recently used last.
    private var entries: [Entry] = []
    private var hitCount = 0

    init(budget: Int = 30 << 20) {
        self.budget = budget
    }

    private final class Entry: Sendable {
        let key: [UInt8]
        let pixels: [UInt32]
        let width: Int
        let height: Int

        init(key: [UInt8], pixels: [UInt32], width: Int, height: Int) {
            self.key = key
            self.pixels = pixels
            self.width = width
            self.height = height
        }

        /// Byte for byte (memcmp: a contour's key is over a hundred kilobytes), and of the image's size.
        func matches(_ other: [UInt8], _ image: Canvas.DevicePixels) -> Bool {
            guard width == image.width, height == image.height, key.count == other.count else { return false }
            return key.withUnsafeBytes { a in other.withUnsafeBytes { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
        }
    }

    /// Copies the background stored under `key` into `image`; false when there is none.
    func restore(_ key: [UInt8], into image: Canvas.DevicePixels) -> Bool {
        lock.lock()
        let index = entries.lastIndex { $0.matches(key, image) }
        let entry = index.map { entries.remove(at: $0) }
        if let entry {
            entries.append(entry)
            hitCount += 1
        }
        lock.unlock()
        guard let entry else { return false }
        entry.pixels.withUnsafeBufferPointer { source in
            Self.copyRows(image, from: source.baseAddress!, image.width, to: image.base, image.stride)
        }
        return true
    }

    /// Copies `image`'s rows between the canvas (rows `stride` pixels apart) and an entry (rows
    /// packed), in either direction: each side's rows are the given number of pixels apart.
    private static func copyRows(_ image: Canvas.DevicePixels, from source: UnsafePointer<UInt32>, _ sourceStride: Int,
                                 to target: UnsafeMutablePointer<UInt32>, _ targetStride: Int) {
        for row in 0..<image.height {
            (target + row * targetStride).update(from: source + row * sourceStride, count: image.width)
        }
    }

    /// Keeps a copy of `image` under `key`, evicting the least recently used entries beyond the budget.
    func store(_ key: [UInt8], from image: Canvas.DevicePixels) {
        let bytes = 4 * image.width * image.height
        guard bytes <= budget else { return }
        var pixels = [UInt32](repeating: 0, count: image.width * image.height)
        pixels.withUnsafeMutableBufferPointer { target in
            Self.copyRows(image, from: image.base, image.stride, to: target.baseAddress!, image.width)
        }
        let entry = Entry(key: key, pixels: pixels, width: image.width, height: image.height)
        lock.lock()
        entries.removeAll { $0.matches(key, image) }
        entries.append(entry)
        var total = entries.reduce(0) { $0 + 4 * $1.pixels.count }
        while total > budget, let oldest = entries.first {
            total -= 4 * oldest.pixels.count
            entries.removeFirst()
        }
        lock.unlock()
    }

    /// How many renders took a stored background (for the tests: the fast path did run).
    var hits: Int {
        lock.lock()
        defer { lock.unlock() }
        return hitCount
    }

    /// Bytes of pixels held now.
    var storedBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.reduce(0) { $0 + 4 * $1.pixels.count }
    }
}

/// The bytes of a background's key: values appended with their exact bit patterns, strings and
/// arrays with their lengths, so two keys are equal only when every value is.
struct BackgroundKey {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ value: Double) {
        append(Int(Int64(bitPattern: value.bitPattern)))
    }

    /// An array: its length, then its elements' bytes.
    mutating func append<Element: BitwiseCopyable>(_ values: [Element]) {
        append(values.count)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String?) {
        guard let text else { return append(-1) }
        append(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ rect: Rect) {
        for v in [rect.x, rect.y, rect.width, rect.height] { append(v) }
    }
}
