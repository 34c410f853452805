import Engine
import TestSupport
import XCTest

/// The NumPy-made reference files in Tests/Fixtures/engine.
let Fixtures = FixtureFolder("engine")

/// Asserts element-wise closeness and equal shapes, naming what differs.
func assertClose(_ t: Tensor, _ expected: Tensor, tol: Double = 1e-9, _ what: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    guard t.shape == expected.shape else {
        XCTFail("\(what): shape \(t.shape) != expected \(expected.shape)", file: file, line: line)
        return
    }
    for (i, (a, b)) in zip(t.scalars(), expected.scalars()).enumerated() where !(Swift.abs(a - b) <= tol * Swift.max(1, Swift.abs(b))) {
        XCTFail("\(what): element \(i): \(a) != expected \(b)", file: file, line: line)
        return
    }
}

import XCTest
