/// Sizes shared by every figure, in logical points.
enum Theme {
    static let titleSize = 14.5
    static let labelSize = 12.5
    static let tickSize = 11.0
    static let legendSize = 11.0
    static let noteSize = 12.0
    static let tickLength = 4.0
    static let margin = 10.0
    static let axisLine = Color(hex: 0x4D4D4D)
    static let axisLineWidth = 0.9
}
