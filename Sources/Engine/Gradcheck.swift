import Foundation
import Interruption

/// The outcome of comparing backward's gradients with central differences.
public struct GradcheckReport: CustomStringConvertible {
    public var passed: Bool
    /// The largest |analytic - numeric| over all elements of all inputs.
    public var maxAbsoluteError: Double
    /// The first element out of tolerance, as "input i, element j: analytic a, numeric n".
    public var firstFailure: String?

    public var description: String {
        passed ? "gradcheck passed (max abs error \(maxAbsoluteError))" : "gradcheck failed: \(firstFailure ?? "")"
    }
}

extension Autograd {
    /// Checks the gradients of `f` at `inputs` against central differences, in float64.
    ///
    /// Inputs are copied to float64 leaves; a non-scalar output is reduced with fixed
    /// deterministic weights (so a transposed gradient cannot pass by symmetry).
    public static func gradcheck(_ f: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6,
                                 atol: Double = 1e-5, rtol: Double = 1e-3) throws -> Bool {
        try gradcheckReport(f, inputs, eps: eps, atol: atol, rtol: rtol).passed
    }

    public static func gradcheckReport(_ f: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], eps: Double = 1e-6,
                                       atol: Double = 1e-5, rtol: Double = 1e-3) throws -> GradcheckReport {
        let xs = try inputs.map { t -> Tensor in
            let x = try Ops.cast(t.detach(), .float64, copy: true)
            try x.setRequiresGrad(true)
            return x
        }
        func objective() throws -> Tensor {
            let out = try f(xs)
            guard out.dtype.isFloatingPoint else { throw EngineError.type("gradcheck: f must return a floating-point tensor") }
            let weights = try Tensor(shape: out.shape, scalars: (0..<out.count).map { 1 + 0.5 * Foundation.sin(Double($0) + 1) }, dtype: out.dtype)
            return try (out * weights).sum()
        }
        let analytic = try grad(objective(), xs)
        var report = GradcheckReport(passed: true, maxAbsoluteError: 0, firstFailure: nil)
        for (k, x) in xs.enumerated() {
            let p = x.base(Double.self)
            let a = analytic[k].scalars()
            for i in 0..<x.count {
                let saved = p[i]
                p[i] = saved + eps
                let plus = try noGrad { try objective().item() }
                p[i] = saved - eps
                let minus = try noGrad { try objective().item() }
                p[i] = saved
                let numeric = (plus - minus) / (2 * eps)
                let error = Swift.abs(a[i] - numeric)
                report.maxAbsoluteError = Swift.max(report.maxAbsoluteError, error)
                if !(error <= atol + rtol * Swift.abs(numeric)) && report.passed {
                    report.passed = false
                    report.firstFailure = "input \(k), element \(i): analytic \(a[i]), numeric \(numeric)"
                }
            }
        }
        return report
    }
}
