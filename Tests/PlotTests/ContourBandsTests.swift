import XCTest
@testable import Plot

/// The contour bands coloured pixel by pixel: each pixel takes the band of f at its centre, and
/// a pixel whose centre is within half a pixel of a level mixes the two bands by its distance.
final class ContourBandsTests: XCTestCase {
    /// f(x, y) = x on columns 0...10, levels 2.5, 5.1 and 7.6, drawn 110 pixels wide: the value
    /// at pixel px's centre is (px + 0.5) / 11, so a level lies 11 * |f - level| pixels away
    /// (0 for pixel 27, 0.4 for 56, 0.1 for 83; the others at least 0.6).
    func testEachPixelTakesItsBandAndEdgesBlendByDistance() throws {
        let columns = 11, width = 110, height = 3
        let xs = (0..<columns).map(Double.init)
        let field = try ContourField(x: xs, y: [0, 1], values: xs + xs, levels: .explicit([2.5, 5.1, 7.6]))
        let levels = [2.5, 5.1, 7.6]
        let colors: [UInt32] = [0xFF00_0000, 0xFF00_00FF, 0xFF00_FF00, 0xFFFF_0000]
        let bands = ContourBands(field: field, levels: levels, colors: colors)
        var pixels = [UInt32](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer {
            bands.fill($0.baseAddress!, stride: width, box: ContourBands.Box(x0: 0, y0: 0, x1: width, y1: height),
                       mapping: ContourBands.Mapping(ax: 10 / Double(width), bx: 0, ay: -1 / Double(height), by: 1))
        }
        func channels(_ p: UInt32) -> [Double] { [16, 8, 0].map { Double((p >> UInt32($0)) & 0xFF) } }
        var blended = 0
        for px in 0..<width {
            let value = (Double(px) + 0.5) / 11
            let band = levels.filter { $0 < value }.count
            let nearest = levels.min { abs($0 - value) < abs($1 - value) }!
            let distance = abs(nearest - value) * 11
            var expected = channels(colors[band])
            if distance < 0.5 {
                let other = channels(colors[value > nearest ? band - 1 : band + 1])
                expected = zip(expected, other).map { $0 + (0.5 - distance) * ($1 - $0) }
                blended += 1
            }
            for row in 0..<height {
                let got = channels(pixels[row * width + px])
                for (g, e) in zip(got, expected) {
                    XCTAssertEqual(g, e, accuracy: 1.5, "pixel \(px), row \(row): value \(value)")
                }
            }
        }
        XCTAssertEqual(blended, 3, "each of the three edges has one pixel within half a pixel of it")
    }

    /// A cell with a non-finite corner leaves its pixels as they were, like cairo drawing a
    /// transparent pixel; the others are coloured.
    func testCellsWithANonFiniteCornerAreLeftAlone() throws {
        let field = try ContourField(x: [0, 1, 2], y: [0, 1], values: [0, 1, .nan, 0, 1, 2], levels: .explicit([0.5, 1.5]))
        let bands = ContourBands(field: field, levels: [0.5, 1.5], colors: [0xFF00_0001, 0xFF00_0002, 0xFF00_0003])
        let sentinel: UInt32 = 0x1234_5678
        var pixels = [UInt32](repeating: sentinel, count: 20)
        pixels.withUnsafeMutableBufferPointer {
            bands.fill($0.baseAddress!, stride: 20, box: ContourBands.Box(x0: 0, y0: 0, x1: 20, y1: 1),
                       mapping: ContourBands.Mapping(ax: 0.1, bx: 0, ay: -1, by: 1))
        }
        XCTAssertTrue(pixels[10...].allSatisfy { $0 == sentinel }, "the cell with the NaN corner was drawn: \(pixels)")
        XCTAssertTrue(pixels[..<10].allSatisfy { $0 != sentinel }, "the finite cell was not drawn: \(pixels)")
    }
}

/// The log levels' floor is a percentile found by quickselect; it must agree with sorting.
final class ContourPercentileTests: XCTestCase {
    func testSmallestAgreesWithSorting() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 101, 1000] {
            // Few distinct values, so that runs equal to the pivot are common.
            let values = (0..<count).map { _ in Double(Int.random(in: 0..<max(count / 3, 2), using: &generator)) }
            let sorted = values.sorted()
            for k in Set([0, count / 100, count / 2, count - 1]) {
                XCTAssertEqual(ContourField.smallest(k, of: values), sorted[k], "k = \(k) of \(values)")
            }
        }
    }
}
