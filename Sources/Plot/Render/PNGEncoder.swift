import Dispatch

/// A PNG writer built for speed on plots, used instead of cairo's libpng writer (zlib level 6
/// with adaptive filters), which alone took longer than the whole figure budget.
///
/// Rows use the Up filter, which turns the white background and horizontal structure into runs of
/// zeros; the deflate stream (RFC 1951, fixed Huffman codes) encodes literals and runs copied
/// from one byte or one pixel back. A 1280x800 figure encodes in a few milliseconds at a size
/// close to zlib's.
///
/// Large images are compressed in two halves on two threads: the first half ends its deflate
/// block with an empty stored block (a sync flush, as zlib's `Z_SYNC_FLUSH`) so that the second
/// half's bits start on a byte, and the two Adler-32 sums are combined.
enum PNGEncoder {
    /// Encodes `height` rows of `width` xRGB32 pixels (cairo's RGB24 layout, `stride` bytes apart)
    /// as an 8-bit RGB PNG.
    static func encode(rgb24 base: UnsafeRawPointer, width: Int, height: Int, stride: Int) -> [UInt8] {
        let image = Image(base: base, width: width, stride: stride)
        let halves: [(deflate: [UInt8], adler: Adler32)]
        if height >= 128 && width * height >= 1 << 18 {
            let middle = height / 2
            // Each of the two iterations initializes its own element, and both are done before
            // `concurrentPerform` returns.
            nonisolated(unsafe) let parts = UnsafeMutablePointer<(deflate: [UInt8], adler: Adler32)>.allocate(capacity: 2)
            defer { parts.deallocate() }
            DispatchQueue.concurrentPerform(iterations: 2) { k in
                let rows = k == 0 ? 0..<middle : middle..<height
                (parts + k).initialize(to: compress(image, rows: rows, isFinal: k == 1))
            }
            halves = [parts.move(), (parts + 1).move()]
        } else {
            halves = [compress(image, rows: 0..<height, isFinal: true)]
        }
        var adler = halves[0].adler
        for half in halves.dropFirst() { adler.append(half.adler) }

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png.reserveCapacity(halves.reduce(0) { $0 + $1.deflate.count } + 96)
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]  // 8-bit, truecolour, deflate, adaptive filtering, no interlace
        appendChunk("IHDR", header, to: &png)
        // One IDAT per half: zlib's header before the first, its Adler-32 after the last.
        for (k, half) in halves.enumerated() {
            var data: [UInt8] = k == 0 ? [0x78, 0x01] : []
            data += half.deflate
            if k == halves.count - 1 { data += bigEndian(adler.value) }
            appendChunk("IDAT", data, to: &png)
        }
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Where the pixels are: read by both halves' threads, written by neither (the render is
    /// over before encoding starts).
    private struct Image: @unchecked Sendable {
        let base: UnsafeRawPointer
        let width: Int
        let stride: Int
    }

    /// The filtered `rows` as deflate data (a final block, or one ended by a sync flush) and their
    /// Adler-32. The first row of the image uses no filter; every other row the Up filter.
    private static func compress(_ image: Image, rows: Range<Int>, isFinal: Bool) -> (deflate: [UInt8], adler: Adler32) {
        let base = image.base, width = image.width, stride = image.stride
        let rowBytes = width * 3
        var deflate = DeflateWriter(capacity: rowBytes * rows.count / 8 + 1024, isFinal: isFinal)
        var adler = Adler32()
        var filtered = [UInt8](repeating: 0, count: rowBytes + 1)
        filtered.withUnsafeMutableBufferPointer { out in
            for y in rows {
                let row = (base + y * stride).assumingMemoryBound(to: UInt32.self)
                if y == 0 {
                    out[0] = 0  // None
                    for x in 0..<width {
                        let p = row[x]
                        out[1 + 3 * x] = UInt8(truncatingIfNeeded: p >> 16)
                        out[2 + 3 * x] = UInt8(truncatingIfNeeded: p >> 8)
                        out[3 + 3 * x] = UInt8(truncatingIfNeeded: p)
                    }
                    let view = UnsafeBufferPointer(out)
                    adler.update(view)
                    deflate.compress(view)
                    continue
                }
                // Up filter: each byte minus the one above. Pixels equal to the ones above (most
                // of a plot) become zeros, which go straight to the compressor as a run.
                out[0] = 2
                adler.update(UnsafeBufferPointer(rebasing: out[0..<1]))
                deflate.compress(UnsafeBufferPointer(rebasing: out[0..<1]))
                let above = (base + (y - 1) * stride).assumingMemoryBound(to: UInt32.self)
                var x = 0
                let rowPairs = UnsafeRawPointer(row), abovePairs = UnsafeRawPointer(above)
                while x < width {
                    var same = 0
                    // Eight pixels per comparison through most of the (mostly unchanged) row,
                    // then two, then one.
                    let colour = SIMD8<UInt32>(repeating: 0x00FF_FFFF)
                    while x + same + 8 <= width {
                        let a = rowPairs.loadUnaligned(fromByteOffset: 4 * (x + same), as: SIMD8<UInt32>.self)
                        let b = abovePairs.loadUnaligned(fromByteOffset: 4 * (x + same), as: SIMD8<UInt32>.self)
                        guard (a ^ b) & colour == .zero else { break }
                        same += 8
                    }
                    while x + same + 2 <= width {
                        let a = rowPairs.loadUnaligned(fromByteOffset: 4 * (x + same), as: UInt64.self)
                        let b = abovePairs.loadUnaligned(fromByteOffset: 4 * (x + same), as: UInt64.self)
                        guard (a ^ b) & 0x00FF_FFFF_00FF_FFFF == 0 else { break }
                        same += 2
                    }
                    while x + same < width && (row[x + same] ^ above[x + same]) & 0x00FF_FFFF == 0 { same += 1 }
                    if same > 0 {
                        adler.updateZeros(3 * same)
                        deflate.compressZeros(3 * same)
                        x += same
                        continue
                    }
                    var end = x
                    while end < width && (row[end] ^ above[end]) & 0x00FF_FFFF != 0 { end += 1 }
                    var o = 0
                    for i in x..<end {
                        let p = row[i], q = above[i]
                        out[o] = UInt8(truncatingIfNeeded: p >> 16) &- UInt8(truncatingIfNeeded: q >> 16)
                        out[o + 1] = UInt8(truncatingIfNeeded: p >> 8) &- UInt8(truncatingIfNeeded: q >> 8)
                        out[o + 2] = UInt8(truncatingIfNeeded: p) &- UInt8(truncatingIfNeeded: q)
                        o += 3
                    }
                    let view = UnsafeBufferPointer(rebasing: out[0..<o])
                    adler.update(view)
                    deflate.compress(view)
                    x = end
                }
            }
        }
        adler.length = rows.count * (rowBytes + 1)
        return (deflate.finish(), adler)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        png += bigEndian(UInt32(data.count))
        let typed = Array(type.utf8) + data
        png += typed
        png += bigEndian(CRC32.checksum(typed))
    }
}

/// Adler-32 of the uncompressed stream, as zlib's trailer requires.
struct Adler32 {
    private var a: UInt32 = 1
    private var b: UInt32 = 0
    /// How many bytes were summed; `append` needs it.
    var length = 0

    var value: UInt32 { (b << 16) | a }

    /// The sum of this stream followed by `next`'s (zlib's `adler32_combine`).
    mutating func append(_ next: Adler32) {
        let base: UInt64 = 65521
        let remainder = UInt64(next.length) % base
        let a1 = UInt64(a), b1 = UInt64(b), a2 = UInt64(next.a), b2 = UInt64(next.b)
        a = UInt32((a1 + a2 + base - 1) % base)
        b = UInt32((b1 + b2 + remainder * a1 % base + base - remainder) % base)
        length += next.length
    }

    /// The same as `update` with `count` zero bytes: `a` stays, `b` grows by `a` each byte.
    mutating func updateZeros(_ count: Int) {
        b = UInt32((UInt64(b) + UInt64(a) * UInt64(count)) % 65521)
    }

    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < bytes.count {
            // 5552 is the most bytes before the sums can overflow 32 bits.
            let end = min(index + 5552, bytes.count)
            var a = self.a, b = self.b
            for i in index..<end {
                a &+= UInt32(bytes[i])
                b &+= a
            }
            self.a = a % 65521
            self.b = b % 65521
            index = end
        }
    }
}

/// CRC-32 (ISO 3309) of each PNG chunk.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Tables for slicing by four: `tables[k][b]` is the CRC of byte b followed by k zero bytes.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 4 * 256)
        for n in 0..<256 { t[n] = table[n] }
        for k in 1..<4 {
            for n in 0..<256 { t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ table[Int(t[(k - 1) * 256 + n] & 0xFF)] }
        }
        return t
    }()

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        tables.withUnsafeBufferPointer { t in
            bytes.withUnsafeBufferPointer { data in
                var c: UInt32 = 0xFFFF_FFFF
                var i = 0
                while i + 4 <= data.count {
                    c ^= UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
                    c = t[768 + Int(c & 0xFF)] ^ t[512 + Int((c >> 8) & 0xFF)] ^ t[256 + Int((c >> 16) & 0xFF)] ^ t[Int(c >> 24)]
                    i += 4
                }
                while i < data.count {
                    c = t[Int((c ^ UInt32(data[i])) & 0xFF)] ^ (c >> 8)
                    i += 1
                }
                return c ^ 0xFFFF_FFFF
            }
        }
    }
}

/// A deflate stream of one fixed-Huffman block: literals, and matches at distance 1 (a run of one
/// byte) or 3 (a run of one pixel), which is where plot images repeat themselves.
struct DeflateWriter {
    private var output: [UInt8]
    private var bitBuffer: UInt64 = 0
    private var bitCount: UInt64 = 0
    /// The last three bytes compressed, for matches that reach into the previous row.
    private var history: (UInt8, UInt8, UInt8) = (0, 0, 0)
    private var historyCount = 0

    /// Bit-reversed fixed Huffman codes and their lengths for literal/length symbols 0...287.
    /// (Unsafe only in name: built once by Swift's thread-safe static initialization, never
    /// written after.)
    nonisolated(unsafe) private static let literalCodes = permanentCopy((0..<288).map { symbol -> (code: UInt32, length: Int) in
        let (code, length): (Int, Int)
        switch symbol {
        case 0...143: (code, length) = (0x30 + symbol, 8)
        case 144...255: (code, length) = (0x190 + symbol - 144, 9)
        case 256...279: (code, length) = (symbol - 256, 7)
        default: (code, length) = (0xC0 + symbol - 280, 8)
        }
        return (reversed(UInt32(code), length), length)
    })

    /// For match lengths 3...258: symbol code, extra bits and their value, merged into one write.
    /// (Built once, read-only after, as `literalCodes`.)
    nonisolated(unsafe) private static let lengthCodes = permanentCopy({ () -> [(bits: UInt32, length: Int)] in
        let bases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                     131, 163, 195, 227, 258]
        let extras = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var table = [(bits: UInt32, length: Int)](repeating: (0, 0), count: 259)
        for length in 3...258 {
            let index = bases.lastIndex { $0 <= length } ?? 0
            let symbol = literalCodes[257 + index]
            let extra = UInt32(length - bases[index])
            table[length] = (symbol.code | (extra << UInt32(symbol.length)), symbol.length + extras[index])
        }
        return table
    }())

    private static func reversed(_ code: UInt32, _ length: Int) -> UInt32 {
        var result: UInt32 = 0
        for i in 0..<length where code & (1 << UInt32(i)) != 0 { result |= 1 << UInt32(length - 1 - i) }
        return result
    }

    private let isFinal: Bool
    /// The code tables, held here: the hot paths run once per changed stretch of a row (tens of
    /// thousands of times a figure), where looking the static tables up each time was a
    /// measurable share.
    private let literals = DeflateWriter.literalCodes
    private let lengths = DeflateWriter.lengthCodes

    /// A copy of `table` that lives as long as the process, for lookups without bounds checks
    /// or reference counting.
    private static func permanentCopy<T>(_ table: [T]) -> UnsafeBufferPointer<T> {
        let copy = UnsafeMutableBufferPointer<T>.allocate(capacity: table.count)
        _ = copy.initialize(from: table)
        return UnsafeBufferPointer(copy)
    }

    /// A writer whose block is the stream's last, or one that `finish` ends with a sync flush so
    /// that another writer's output can follow it.
    init(capacity: Int, isFinal: Bool = true) {
        output = []
        output.reserveCapacity(capacity)
        self.isFinal = isFinal
        write(isFinal ? 0b011 : 0b010, 3)  // (final) block, fixed Huffman
    }

    /// Appends `count` (at most 32) bits, least significant first; whole words go out at once.
    @inline(__always)
    private mutating func write(_ bits: UInt32, _ count: Int) {
        bitBuffer |= UInt64(bits) << bitCount
        bitCount += UInt64(count)
        if bitCount >= 32 {
            let word = UInt32(truncatingIfNeeded: bitBuffer)
            output.append(UInt8(truncatingIfNeeded: word))
            output.append(UInt8(truncatingIfNeeded: word >> 8))
            output.append(UInt8(truncatingIfNeeded: word >> 16))
            output.append(UInt8(truncatingIfNeeded: word >> 24))
            bitBuffer >>= 32
            bitCount -= 32
        }
    }

    /// Distance codes 0 (distance 1) and 2 (distance 3), bit-reversed; neither has extra bits.
    private static let distanceOne = reversed(0, 5), distanceThree = reversed(2, 5)

    @inline(__always)
    private mutating func match(_ code: (bits: UInt32, length: Int), distance: UInt32) {
        write(code.bits, code.length)
        write(distance, 5)
    }

    mutating func compress(_ bytes: UnsafeBufferPointer<UInt8>) {
        let one = Self.distanceOne, three = Self.distanceThree
        let lengths = self.lengths, literals = self.literals
        var i = 0
        let n = bytes.count
        var h = history
        var seen = historyCount
        while i < n {
            let byte = bytes[i]
            // Byte run: repeats of the previous byte.
            if seen >= 1 && byte == h.2 {
                var run = 1
                while i + run < n && run < 258 && bytes[i + run] == byte { run += 1 }
                if run >= 3 {
                    match(lengths[run], distance: one)
                    i += run
                    seen += run
                    h = (byte, byte, byte)
                    continue
                }
            }
            // Pixel run: repeats of the previous three bytes.
            if seen >= 3 && byte == h.0 && i + 2 < n && bytes[i + 1] == h.1 && bytes[i + 2] == h.2 {
                var run = 3
                while i + run < n && run < 258 && bytes[i + run] == bytes[i + run - 3] { run += 1 }
                match(lengths[run], distance: three)
                i += run
                seen += run
                h = (bytes[i - 3], bytes[i - 2], bytes[i - 1])
                continue
            }
            let code = literals[Int(byte)]
            write(code.code, code.length)
            h = (h.1, h.2, byte)
            seen += 1
            i += 1
        }
        history = h
        historyCount = max(seen, historyCount)
    }

    /// Compresses `count` zero bytes: runs of 258 copied from one byte back.
    mutating func compressZeros(_ count: Int) {
        var remaining = count
        if historyCount == 0 || history.2 != 0 {
            let zero = literals[0]
            write(zero.code, zero.length)
            history = (history.1, history.2, 0)
            historyCount += 1
            remaining -= 1
        }
        let one = Self.distanceOne
        while remaining >= 3 {
            let run = min(remaining, 258)
            match(lengths[run], distance: one)
            remaining -= run
        }
        if remaining > 0 {
            let zero = literals[0]
            for _ in 0..<remaining { write(zero.code, zero.length) }
        }
        history = (0, 0, 0)
        historyCount += count
    }

    mutating func finish() -> [UInt8] {
        let end = literals[256]
        write(end.code, end.length)
        if !isFinal {
            write(0b000, 3)  // a stored block, not final, empty: LEN 0, NLEN 0xFFFF after byte alignment
            let padding = (8 - Int(bitCount % 8)) % 8
            write(0, padding)
            write(0xFFFF_0000, 32)
        }
        while bitCount > 0 {
            output.append(UInt8(truncatingIfNeeded: bitBuffer))
            bitBuffer >>= 8
            bitCount = bitCount >= 8 ? bitCount - 8 : 0
        }
        return output
    }
}
