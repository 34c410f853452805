import Foundation

/// TensorBoard's scalar smoothing: an exponential moving average with the start-up bias removed.
///
/// `s_t = w * s_{t-1} + (1 - w) * v_t` from `s_0 = 0`, reported as `s_t / (1 - w^t)`, so the
/// first smoothed value equals the first raw value instead of being pulled toward zero.
/// Non-finite values pass through unchanged and do not disturb the average; `weight` is clamped
/// to 0...0.999 (0 returns the input).
public func smoothed(_ values: [Double], weight: Double) -> [Double] {
    let w = min(max(weight.isFinite ? weight : 0, 0), 0.999)
    guard w > 0 else { return values }
    var result = [Double](repeating: 0, count: values.count)
    var last = 0.0
    var debiasWeight = 1.0
    values.withUnsafeBufferPointer { input in
        result.withUnsafeMutableBufferPointer { output in
            for i in 0..<input.count {
                let v = input[i]
                guard v.isFinite else {
                    output[i] = v
                    continue
                }
                last = last * w + (1 - w) * v
                debiasWeight *= w
                output[i] = last / (1 - debiasWeight)
            }
        }
    }
    return result
}
