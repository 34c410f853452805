import XCTest
import Engine

/// Broadcasting, views, indexing, reductions and softmax against values NumPy computed
/// (Tests/Fixtures/engine/make_fixtures.py).
final class NumPyCaseTests: XCTestCase {
    func testEveryCaseMatchesNumPy() throws {
        let cases = try Fixtures.json("numpy_cases.json")
        let inputs = cases["inputs"] as! [String: Any]
        let expected = cases["expected"] as! [String: Any]
        func x(_ name: String) throws -> Tensor { try Fixtures.tensor(inputs[name]!) }
        let (A, B, M, P, Q, L, R) = (try x("A"), try x("B"), try x("M"), try x("P"), try x("Q"), try x("L"), try x("R"))
        let idx = try Fixtures.tensor(inputs["idx"]!, dtype: .int64)
        let mask = try x("mask"), mask2 = try x("mask2"), smIn = try x("sm_in")
        func set(_ items: [TensorIndex], _ value: Tensor) throws -> Tensor {
            let copy = try M.cast(.float64, copy: true)
            try copy.setIndex(items, to: value)
            return copy
        }
        let computed: [String: () throws -> Tensor] = [
            "A+B": { try A + B }, "A-B": { try A - B }, "A*B": { try A * B }, "A/B": { try A / B },
            "P**Q": { try P.pow(Q) }, "maximum(A,B)": { try A.maximum(B) }, "A>B": { try A.gt(B) },
            "M.T": { M.T }, "M[:,1:3]": { try M[.all, .slice(start: 1, stop: 3, step: nil)] },
            "M[-1]": { try M[.int(-1)] }, "M[1:,::2]": { try M[.slice(start: 1, stop: nil, step: nil), .slice(start: nil, stop: nil, step: 2)] },
            "M[None,...,0]": { try M[.newAxis, .ellipsis, .int(0)] }, "M[idx]": { try M[.tensor(idx)] },
            "M[:,idx]": { try M[.all, .tensor(idx)] }, "M[mask]": { try M[.tensor(mask)] }, "M[mask2]": { try M[.tensor(mask2)] },
            "M.T[1:4,2]": { try M.T[.slice(start: 1, stop: 4, step: nil), .int(2)] },
            "M.reshape(3,8)": { try M.reshape([3, 8]) }, "M.T.reshape(-1)": { try M.T.reshape([-1]) },
            "sum(A,0)": { try A.sum(axis: 0) }, "sum(A,2,keep)": { try A.sum(axis: 2, keepdims: true) },
            "mean(M,1)": { try M.mean(axis: 1) }, "max(M,0)": { try M.max(axis: 0) }, "min(A,-1)": { try A.min(axis: -1) },
            "argmax(sm_in,1)": { try smIn.argmax(axis: 1) }, "sum(M)": { try M.sum() },
            "L@R": { try L.matmul(R) }, "M.T@M": { try M.T.matmul(M) }, "Q@P.T": { try Q.matmul(P.T) },
            "softmax(sm_in)": { try smIn.softmax() }, "log_softmax(sm_in)": { try smIn.logSoftmax() },
            "cat(M,M[:2],0)": { try Tensor.cat([M, M[.slice(start: nil, stop: 2, step: nil)]], axis: 0) },
            "stack(P,P*2,1)": { try Tensor.stack([P, P * 2], axis: 1) },
            "set M[:,1]": { try set([.all, .int(1)], Tensor(shape: [4], scalars: [9, 8, 7, 6], dtype: .float64)) },
            "set M[1:3,::2]": { try set([.slice(start: 1, stop: 3, step: nil), .slice(start: nil, stop: nil, step: 2)], Tensor(-1, dtype: .float64)) },
            "set M[M>3]": { try set([.tensor(M.gt(3))], Tensor(0, dtype: .float64)) },
            "clamp(M,-1,1)": { try M.clamp(min: -1, max: 1) },
            "arange(0,1,0.3)": { try Tensor.arange(0, 1, 0.3, dtype: .float64) },
            "arange(2,-3,-2)": { try Tensor.arange(2, -3, -2, dtype: .float64) },
            "linspace(0,1,5)": { try Tensor.linspace(0, 1, 5, dtype: .float64) },
            "logspace(0,2,3)": { try Tensor.logspace(0, 2, 3, dtype: .float64) },
            "eye(3,4)": { try Tensor.eye(3, 4, dtype: .float64) },
            "M.T.contiguous()": { M.T.contiguous() },
            "M.T[:3]+Q[:,None]": { try M.T[.slice(start: nil, stop: 3, step: nil)] + Q[.all, .newAxis] },
        ]
        XCTAssertEqual(Set(computed.keys), Set(expected.keys), "every fixture case has a computation")
        for (name, compute) in computed.sorted(by: { $0.key < $1.key }) {
            assertClose(try compute(), try Fixtures.tensor(expected[name]!), tol: 1e-12, name)
        }
    }

    func testInPlaceOpsAndCasts() throws {
        let m = try Tensor.zeros([2, 3], dtype: .float64)
        try m.copy_(Tensor(shape: [3], scalars: [1, 2, 3], dtype: .int64))
        XCTAssertEqual(m.scalars(), [1, 2, 3, 1, 2, 3])
        try m.scale_(2)
        try m.addScaled_(Tensor.ones([2, 1], dtype: .float64), alpha: -1)
        XCTAssertEqual(m.scalars(), [1, 3, 5, 1, 3, 5])
        XCTAssertTrue(m.T.contiguous().isContiguous)
        XCTAssertEqual(try m.cast(.int64).dtype, .int64)
        XCTAssertEqual(try (m.cast(.int64) / 2).scalars(), [0.5, 1.5, 2.5, 0.5, 1.5, 2.5])
        XCTAssertEqual(try (m.cast(.int64) * 2).dtype, .int64)
        XCTAssertEqual(try (m.cast(.float32) + m).dtype, .float64)
        XCTAssertEqual(try m.argmax().item(), 2)
        let shifted = try Tensor.arange(0, 5, dtype: .float64)
        try shifted.setIndex([.slice(start: 1, stop: nil, step: nil)], to: shifted[.slice(start: nil, stop: -1, step: nil)])
        XCTAssertEqual(shifted.scalars(), [0, 0, 1, 2, 3], "overlapping source is read before it is overwritten (NumPy: x[1:] = x[:-1])")
    }

    func testViewsShareStorageAndMatmulReadsTransposesInPlace() throws {
        let m = try Tensor.arange(0, 6, dtype: .float64).reshape([2, 3])
        let column = try m[.all, .int(1)]
        try column.fill_(-1)
        XCTAssertEqual(m.scalars(), [0, -1, 2, 3, -1, 5])
        XCTAssertFalse(m.T.isContiguous)
        XCTAssertEqual(m.T.strides, [1, 3])
        XCTAssertEqual(try m.T.matmul(m).scalars(), [9, -3, 15, -3, 2, -7, 15, -7, 29])
    }
}
