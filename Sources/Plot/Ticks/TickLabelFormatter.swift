import Foundation

/// Tick labels a person would write: as few decimals as the step needs, a true minus sign,
/// and powers of ten with superscript exponents (10⁻⁴, 2.5×10⁶) for very large or small numbers.
enum TickLabelFormatter {
    /// Labels for linear ticks that share one step.
    static func linearLabels(_ ticks: [Double]) -> [String] {
        guard let largest = ticks.map(abs).max() else { return [] }
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : max(largest, 1)
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) || step < 1e-4 {
            // A tiny step on a large offset (1234567.891...) would collapse in 10ⁿ form.
            let labels = ticks.map { scientific($0, step: step) }
            if Set(labels).count == labels.count { return labels }
        }
        let decimals = decimalsNeeded(step)
        return ticks.map { fixed($0, decimals: decimals) }
    }

    /// Labels for log-axis ticks: powers of ten as 10ⁿ, other values plainly when short.
    static func logLabels(_ ticks: [Double]) -> [String] {
        func isPowerOfTen(_ v: Double) -> Bool { abs(log10(v) - log10(v).rounded()) < 1e-9 }
        // Mixed 1-2-5 ticks read best all plain (0.05, 0.1, 0.2), decades alone as 10ⁿ.
        let decadesOnly = ticks.allSatisfy(isPowerOfTen)
        return ticks.map { value in
            if decadesOnly || !(value >= 1e-3 && value < 1e5) && isPowerOfTen(value) {
                return "10" + superscript(Int(log10(value).rounded()))
            }
            if value >= 1e-3 && value < 1e5 {
                return fixed(value, decimals: decimalsNeeded(value))
            }
            return scientific(value, step: value)
        }
    }

    /// A single value for heatmap cells and notes: `digits` significant digits, trailing zeros cut.
    static func compact(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 {
            let exponent = Int(floor(log10(magnitude)))
            let mantissa = value / pow(10, Double(exponent))
            let digits = trimmed(String(format: "%.2f", mantissa))
            return (digits == "1" ? "" : digits == "-1" ? "−" : minus(digits) + "×") + "10" + superscript(exponent)
        }
        let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
        return minus(trimmed(String(format: "%.\(decimals)f", value)))
    }

    static func superscript(_ exponent: Int) -> String {
        let digits: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
                                              "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(exponent).map { digits[$0] ?? $0 })
    }

    private static func decimalsNeeded(_ step: Double) -> Int {
        var decimals = 0
        var scaled = abs(step)
        while decimals < 12 && abs(scaled - scaled.rounded()) > 1e-6 * max(scaled, 1) {
            scaled *= 10
            decimals += 1
        }
        return decimals
    }

    private static func fixed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return minus(Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text)
    }

    private static func scientific(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let exponent = Int(floor(log10(abs(value)) + 1e-9))
        let unit = pow(10, Double(exponent))
        let decimals = min(decimalsNeeded(step / unit), 3)
        let mantissa = trimmed(String(format: "%.\(decimals)f", value / unit))
        if mantissa == "1" { return "10" + superscript(exponent) }
        if mantissa == "-1" { return "−10" + superscript(exponent) }
        return minus(mantissa) + "×10" + superscript(exponent)
    }

    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = text
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    private static func minus(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}
