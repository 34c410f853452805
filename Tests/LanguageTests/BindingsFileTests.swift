import Foundation
import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// save and load against files NumPy and the safetensors package wrote (make_fixtures.py).
final class BindingsFileTests: XCTestCase {
    private let fixtures = BindingsSupport.fixtures.path

    func testLoadNumPyFiles() {
        let h = Harness()
        XCTAssertEqual(h.eval("load(\"\(fixtures)/matrix_f32.npy\").tolist()"), "[[1.5, -2.0, 3.0], [4.0, 5.0, 6.25]]")
        XCTAssertEqual(h.eval("load(\"\(fixtures)/labels_i64.npy\").tolist()"), "[0, 2, 1]")
        XCTAssertEqual(h.eval("load(\"\(fixtures)/labels_i64.npy\").dtype"), "'int64'")
        XCTAssertEqual(h.eval("load(\"\(fixtures)/column_f64.npy\").tolist()"), "[0.1, 0.2]")
    }

    func testSaveNpyIsByteForByteNumPys() throws {
        let dir = try BindingsSupport.scratch()
        let h = Harness()
        h.eval("save(tensor([[1.5, -2, 3], [4, 5, 6.25]]), \"\(dir.path)/m.npy\")\nsave(tensor([0, 2, 1], dtype=\"int64\"), \"\(dir.path)/l.npy\")")
        for (ours, theirs) in [("m.npy", "matrix_f32.npy"), ("l.npy", "labels_i64.npy")] {
            XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent(ours)),
                           try Data(contentsOf: BindingsSupport.fixtures.appendingPathComponent(theirs)), ours)
        }
    }

    func testSafetensorsModelRoundTrip() throws {
        let dir = try BindingsSupport.scratch()
        let h = Harness()
        h.eval("net = Sequential(Linear(2, 3))\nload(\"\(fixtures)/linear.safetensors\", model=net)")
        XCTAssertEqual(h.eval("net[0].weight.tolist()"), "[[0.5, -1.0], [2.0, 0.25], [1.0, 1.0]]")
        XCTAssertEqual(h.eval("[round(v, 6) for v in net[0].bias.tolist()]"), "[0.1, 0.2, 0.3]")
        XCTAssertEqual(h.eval("sorted(load(\"\(fixtures)/linear.safetensors\").keys())"), "['0.bias', '0.weight']")
        h.eval("""
        seed(5)
        a = MLP([3, 4, 2])
        save(a, "\(dir.path)/a.safetensors")
        b = load("\(dir.path)/a.safetensors", model=MLP([3, 4, 2]))
        x = randn(6, 3)
        """)
        XCTAssertEqual(h.eval("(a(x) - b(x)).abs().max().item()"), "0.0")
        XCTAssertEqual(h.eval("[k for k in load(\"\(dir.path)/a.safetensors\")]"), "['0.weight', '0.bias', '2.weight', '2.bias']")
        h.eval("save({\"t\": tensor([1.0, 2.0], dtype=\"float64\")}, \"\(dir.path)/d.safetensors\")")
        XCTAssertEqual(h.eval("load(\"\(dir.path)/d.safetensors\")[\"t\"].dtype"), h.eval("tensor([1.0], dtype=\"float64\").dtype"))
    }

    func testFileErrors() throws {
        let dir = try BindingsSupport.scratch()
        let h = Harness()
        XCTAssertEqual(h.failure("load(\"\(dir.path)/none.npy\")").name, "FileNotFoundError")
        try Data("not numpy".utf8).write(to: dir.appendingPathComponent("bad.npy"))
        XCTAssertTrue(h.failure("load(\"\(dir.path)/bad.npy\")").value.contains("not a .npy file"))
        XCTAssertEqual(h.failure("save(MLP([2, 2, 2]), \"\(dir.path)/m.npy\")").name, "TypeError")
        XCTAssertEqual(h.failure("save(tensor([1.0]), \"\(dir.path)/m.txt\")").name, "ValueError")
        let shape = h.failure("load(\"\(fixtures)/linear.safetensors\", model=Sequential(Linear(3, 3)))")
        XCTAssertEqual(shape.value, "cannot load '0.weight': '\(fixtures)/linear.safetensors' has it with shape (3, 2) but the parameter has shape (3, 3)")
        let dict = h.failure("Sequential(Linear(2, 3)).load_state_dict({'0.weight': zeros(3, 2)})")
        XCTAssertEqual(dict.value, "no tensor named '0.bias' to load; the state dict has 0.weight")
    }
}
