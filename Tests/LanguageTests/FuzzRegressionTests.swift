import Foundation
import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// The .npy and .safetensors inputs with which the fuzz targets once crashed `load` or `save`
/// (Fuzzing/regressions/; Fuzzing/run.sh replays them too): each is now a tensor or a ValueError.
final class FuzzRegressionTests: XCTestCase {
    private static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzzing/regressions")

    private func path(_ target: String, _ name: String) -> String {
        Self.regressions.appendingPathComponent(target).appendingPathComponent(name).path
    }

    private func files(_ target: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: Self.regressions.appendingPathComponent(target),
                                                    includingPropertiesForKeys: nil)
    }

    func testEveryRegressionInputLoadsOrIsAValueError() throws {
        let h = Harness()
        let inputs = try files("FuzzNPY") + files("FuzzSafetensors")
        XCTAssertGreaterThanOrEqual(inputs.count, 5)
        for url in inputs {
            let file = try copy(url.path, suffix: url.path.contains("FuzzNPY") ? "npy" : "safetensors")
            h.run("load(\"\(file)\")")
            if let error = h.error {
                XCTAssertEqual(error.name, "ValueError", url.lastPathComponent)
                XCTAssertTrue(error.value.hasPrefix("load(): '\(file)'"), error.value)
            }
        }
    }

    func testShapesWhoseSizeOverflowsAreValueErrors() throws {
        let h = Harness()
        for (target, name) in [("FuzzNPY", "shape-product-overflows"), ("FuzzNPY", "shape-bytes-overflow"),
                               ("FuzzSafetensors", "shape-product-overflows")] {
            let file = try copy(path(target, name), suffix: target == "FuzzNPY" ? "npy" : "safetensors")
            let failure = h.failure("load(\"\(file)\")")
            XCTAssertEqual(failure.name, "ValueError")
            XCTAssertTrue(failure.value.contains("is not a size a tensor can have"), failure.value)
        }
        let offsets = try copy(path("FuzzSafetensors", "data-offset-overflows"), suffix: "safetensors")
        XCTAssertTrue(h.failure("load(\"\(offsets)\")").value.contains("lies outside the file"))
    }

    /// int64-max holds 2^63 - 1 and -2^63 as Python's struct packed them: they load and show, and
    /// `save` writes the same bytes back (showing and saving trapped converting 2^63 - 1, which
    /// is 2^63 as a double).
    func testInt64ExtremesSurviveLoadAndSave() throws {
        let original = try copy(path("FuzzNPY", "int64-max"), suffix: "npy")
        let h = Harness()
        let shown = h.eval("load(\"\(original)\")") ?? ""
        XCTAssertTrue(shown.contains("9223372036854775807,") && shown.contains("-9223372036854775808]"), shown)
        let saved = original + ".saved.npy"
        h.eval("save(load(\"\(original)\"), \"\(saved)\")")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: saved)), try Data(contentsOf: URL(fileURLWithPath: original)))
    }

    /// `load` picks the format by the file's suffix: the regression inputs have none.
    private func copy(_ path: String, suffix: String) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("descent-regression-\(UUID().uuidString).\(suffix)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: path), to: copy)
        return copy.path
    }
}
