/// Colours for series and classes, safe for the common forms of colour blindness.
///
/// Okabe and Ito's eight colours (2008), reordered so that the first few are the most
/// distinguishable on white and yellow, the weakest on white, comes last.
public enum Palette {
    public static let okabeIto: [Color] = [
        Color(hex: 0x0072B2),  // blue
        Color(hex: 0xD55E00),  // vermillion
        Color(hex: 0x009E73),  // bluish green
        Color(hex: 0xE69F00),  // orange
        Color(hex: 0xCC79A7),  // reddish purple
        Color(hex: 0x56B4E9),  // sky blue
        Color(hex: 0x000000),  // black
        Color(hex: 0xF0E442),  // yellow
    ]

    /// The colour of the `index`-th series; wraps around after eight.
    public static func color(_ index: Int) -> Color {
        okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
    }
}
