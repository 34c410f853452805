import XCTest
import Engine

/// Every differentiable op against central differences, in float64, with broadcasting shapes.
final class GradcheckTests: XCTestCase {
    override func setUp() { Random.seed(11) }

    private func check(_ name: String, _ shapes: [[Int]], positive: Bool = false,
                       file: StaticString = #filePath, line: UInt = #line,
                       _ f: @escaping ([Tensor]) throws -> Tensor) throws {
        let inputs = try shapes.map { s in
            positive ? try Tensor.rand(s, dtype: .float64) + 0.5 : try Tensor.randn(s, dtype: .float64)
        }
        let report = try Autograd.gradcheckReport(f, inputs)
        XCTAssertTrue(report.passed, "\(name): \(report)", file: file, line: line)
    }

    func testBinaryOpsWithBroadcasting() throws {
        try check("add", [[3, 1, 4], [2, 1]]) { try $0[0] + $0[1] }
        try check("sub", [[3, 4], [4]]) { try $0[0] - $0[1] }
        try check("mul", [[2, 3, 1], [3, 5]]) { try $0[0] * $0[1] }
        try check("div", [[4, 3], [1, 3]], positive: true) { try $0[0] / $0[1] }
        try check("pow tensor", [[2, 3], [3]], positive: true) { try $0[0].pow($0[1]) }
        try check("pow scalar", [[2, 3]], positive: true) { try $0[0].pow(2.5) }
        try check("square", [[2, 3]]) { try $0[0].pow(2) }
        try check("scalar operands", [[3, 2]]) { try 2 / ($0[0] * 3 + 5) - 1 }
        try check("maximum", [[3, 4], [4]]) { try $0[0].maximum($0[1]) }
        try check("minimum", [[3, 1], [3, 4]]) { try $0[0].minimum($0[1]) }
        try check("neg", [[5]]) { try -$0[0] }
    }

    func testUnaryOps() throws {
        try check("exp", [[3, 4]]) { try $0[0].exp() }
        try check("log", [[3, 4]], positive: true) { try $0[0].log() }
        try check("sqrt", [[3, 4]], positive: true) { try $0[0].sqrt() }
        try check("abs", [[3, 4]]) { try $0[0].abs() }
        try check("relu", [[3, 4]]) { try $0[0].relu() }
        try check("sigmoid", [[3, 4]]) { try $0[0].sigmoid() }
        try check("tanh", [[3, 4]]) { try $0[0].tanh() }
        try check("clamp", [[3, 4]]) { try $0[0].clamp(min: -0.5, max: 0.7) }
        try check("softmax", [[3, 5]]) { try $0[0].softmax(axis: 1) }
        try check("softmax axis 0", [[3, 5]]) { try $0[0].softmax(axis: 0) }
        try check("log_softmax", [[2, 3, 4]]) { try $0[0].logSoftmax(axis: -1) }
    }

    func testReductions() throws {
        try check("sum all", [[3, 4]]) { try $0[0].sum() }
        try check("sum axis", [[3, 4, 2]]) { try $0[0].sum(axis: 1) }
        try check("sum keepdims", [[3, 4]]) { try $0[0].sum(axis: 0, keepdims: true) * $0[0] }
        try check("mean", [[3, 4]]) { try $0[0].mean(axis: -1) }
        try check("max", [[3, 4]]) { try $0[0].max(axis: 1) }
        try check("min all", [[3, 4]]) { try $0[0].min() }
        try check("max keepdims", [[2, 3, 4]]) { try $0[0].max(axis: 0, keepdims: true) }
    }

    func testMatmulAndLinear() throws {
        try check("matmul", [[3, 4], [4, 2]]) { try $0[0].matmul($0[1]) }
        try check("matmul transposed operands", [[4, 3], [2, 4]]) { try $0[0].T.matmul($0[1].T) }
        try check("batched broadcast matmul", [[2, 1, 3, 4], [5, 4, 2]]) { try $0[0].matmul($0[1]) }
        try check("vector @ matrix", [[4], [4, 3]]) { try $0[0].matmul($0[1]) }
        try check("matrix @ vector", [[3, 4], [4]]) { try $0[0].matmul($0[1]) }
        try check("linear", [[5, 4], [3, 4], [3]]) { try Tensor.linear($0[0], weight: $0[1], bias: $0[2]) }
        try check("linear without bias", [[5, 4], [3, 4]]) { try Tensor.linear($0[0], weight: $0[1], bias: nil) }
    }

    func testMovementAndIndexing() throws {
        try check("reshape", [[3, 4]]) { try $0[0].reshape([2, 6]) * Tensor.arange(0, 12, dtype: .float64).reshape([2, 6]) }
        try check("transpose then reshape", [[3, 4]]) { try $0[0].T.reshape([-1]) }
        try check("permute", [[2, 3, 4]]) { try $0[0].permute([2, 0, 1]) }
        try check("slice", [[4, 6]]) { try $0[0].index([.all, .slice(start: 1, stop: 5, step: 2)]) }
        try check("int index", [[4, 6]]) { try $0[0].index([.int(-1)]) }
        let rows = try Tensor(shape: [4], scalars: [2, 0, 2, 3], dtype: .int64)
        try check("gather with repeats", [[4, 3]]) { try $0[0].index([.tensor(rows)]) }
        let mask = try Tensor(shape: [4, 3], scalars: [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0], dtype: .float64)
        try check("boolean mask", [[4, 3]]) { try $0[0].index([.tensor(mask)]) }
        try check("cat", [[2, 3], [4, 3]]) { try Tensor.cat([$0[0], $0[1]], axis: 0) }
        try check("stack", [[2, 3], [2, 3]]) { try Tensor.stack([$0[0], $0[1]], axis: 1) }
        try check("broadcast_to", [[3, 1]]) { try $0[0].broadcast(to: [2, 3, 4]) }
        try check("unsqueeze/squeeze", [[3]]) { try $0[0].unsqueeze(0).squeeze(0) }
    }

    func testLosses() throws {
        let classes = try Tensor(shape: [4], scalars: [0, 2, 1, 2], dtype: .int64)
        try check("cross_entropy classes", [[4, 3]]) { try Tensor.crossEntropy($0[0], classes) }
        try check("cross_entropy probabilities", [[4, 3], [4, 3]]) {
            try Tensor.crossEntropy($0[0], $0[1].softmax(axis: 1))
        }
        try check("mse mean", [[4, 3], [4, 3]]) { try Tensor.mseLoss($0[0], $0[1]) }
        try check("mse sum", [[4, 3], [4, 3]]) { try Tensor.mseLoss($0[0], $0[1], reduction: .sum) }
        try check("nll", [[4, 3]]) { try Tensor.nllLoss($0[0].logSoftmax(axis: 1), classes) }
        try check("bce", [[4, 3], [4, 3]]) {
            try Tensor.binaryCrossEntropy($0[0].sigmoid(), $0[1].gt(0))
        }
    }

    func testGradcheckDetectsAWrongGradient() throws {
        // sign() has no gradient rule, so a function that only goes through it looks constant to
        // backward; its numeric derivative away from zero is also 0, so pass. A detached branch
        // makes the analytic gradient wrong and must fail.
        let x = try Tensor.randn([3], dtype: .float64)
        let report = try Autograd.gradcheckReport({ try $0[0] * $0[0].detach() }, [x])
        XCTAssertFalse(report.passed)
    }
}
