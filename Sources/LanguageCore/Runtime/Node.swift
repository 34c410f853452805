/// A compiled expression evaluated by a method call. The hottest kinds (calls of one or two
/// arguments, arithmetic, bodies of `if`s and `return`s) are nodes rather than closures: an
/// `Operand` calls them directly, with no closure context to unpack and no retain.
class Node {
    /// The node's value in frame `f`; every subclass overrides this.
    func evaluate(_ f: inout Frame) throws -> Value {
        throw ScriptError("SystemError", "internal: \(type(of: self)) cannot be evaluated")
    }
}

/// `l op r`, with ints and floats computed in place and everything else left to `Operators`.
final class Arithmetic: Node {
    let op: BinaryOp
    let l: Operand
    let r: Operand
    let at: ErrorSite

    init(_ op: BinaryOp, _ l: Operand, _ r: Operand, at: ErrorSite) {
        self.op = op
        self.l = l
        self.r = r
        self.at = at
    }

    override func evaluate(_ f: inout Frame) throws -> Value {
        if let (x, y) = Operand.ints(l, r, &f), let v = ints(x, y) { return v }
        let a = try l.read(&f), b = try r.read(&f)
        if case .int(let x) = a, case .int(let y) = b, let v = ints(x, y) { return v }
        if case .float(let x) = a, case .float(let y) = b {
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            default: break
            }
        }
        do { return try Operators.binary(op, a, b) } catch { throw at.locate(error) }
    }

    /// The result for two ints when it is an int computed here: no overflow, and `%` by a
    /// positive number (floored, as in Python).
    @inline(__always)
    private func ints(_ x: Int, _ y: Int) -> Value? {
        switch op {
        case .add:
            let (s, o) = x.addingReportingOverflow(y)
            return o ? nil : .int(s)
        case .sub:
            let (s, o) = x.subtractingReportingOverflow(y)
            return o ? nil : .int(s)
        case .mul:
            let (s, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : .int(s)
        case .mod:
            guard y > 0 else { return nil }
            let m = x % y
            return .int(m < 0 ? m + y : m)
        default:
            return nil
        }
    }
}
