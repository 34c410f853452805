/// The test of an `if`, `while` or comprehension `if`, decided to a Bool in place. A comparison
/// of a name or simple expression with an int constant (`n < 2`, `i % 3 != 0`) costs no closure
/// call and makes no `bool` value; any other test is an expression and its truth value.
///
/// A class with flat fields, for the reasons given at `Operand`.
final class Condition {
    /// The test's operand, or the whole test when `comparison` is nil.
    let operand: Operand
    /// `operand op constant`, decided in place when the operand is an int.
    let comparison: (op: CompareOp, constant: Int)?
    /// Where a failed comparison points (the comparison itself).
    let comparisonAt: ErrorSite
    /// Where a value without a truth value points (the statement or comprehension).
    let truthAt: ErrorSite

    init(operand: Operand, comparison: (op: CompareOp, constant: Int)?, comparisonAt: ErrorSite, truthAt: ErrorSite) {
        self.operand = operand
        self.comparison = comparison
        self.comparisonAt = comparisonAt
        self.truthAt = truthAt
    }

    @inline(__always)
    static func compare(_ i: Int, _ op: CompareOp, _ k: Int) -> Bool {
        switch op {
        case .lt: return i < k
        case .le: return i <= k
        case .gt: return i > k
        case .ge: return i >= k
        case .eq: return i == k
        default: return i != k
        }
    }

    /// The comparisons decided in place when the operand is an int.
    static let intComparisons: Set<CompareOp> = [.lt, .le, .gt, .ge, .eq, .ne]

    @inline(__always)
    func holds(_ f: inout Frame) throws -> Bool {
        if let (op, k) = comparison, let i = operand.int(&f) { return Condition.compare(i, op, k) }
        var v = try operand.read(&f)
        if let (op, k) = comparison {
            if case .int(let i) = v { return Condition.compare(i, op, k) }
            do { v = try Operators.compare(op, v, .int(k)) } catch { throw comparisonAt.locate(error) }
        }
        if case .bool(let b) = v { return b }
        do { return try truthy(v) } catch { throw truthAt.locate(error) }
    }
}

extension Compiler {
    /// The test `e` of a statement or comprehension spanning `truthSpan`.
    func condition(_ e: Expr, truthSpan: Span) throws -> Condition {
        let comparisonAt = errorSite(e.span), truthAt = errorSite(truthSpan)
        if case .compare(let first, let rest) = e.kind, rest.count == 1, case .int(let k) = rest[0].1.kind,
           Condition.intComparisons.contains(rest[0].0) {
            return Condition(operand: try operand(first), comparison: (rest[0].0, k), comparisonAt: comparisonAt, truthAt: truthAt)
        }
        return Condition(operand: Operand(.expr, expr: try expression(e)), comparison: nil,
                         comparisonAt: comparisonAt, truthAt: truthAt)
    }
}
