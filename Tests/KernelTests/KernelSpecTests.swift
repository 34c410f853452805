import XCTest
import JSON
@testable import Kernel

final class KernelSpecTests: XCTestCase {
    func testInstallWritesKernelJSONAndLogo() throws {
        let spec = KernelSpec(argv: ["/opt/descent", "kernel", "--connection-file", "{connection_file}"],
                              displayName: "Descent", language: "descent", interruptMode: .signal,
                              env: ["OPENBLAS_CORETYPE": "Haswell"])
        let folder = KernelSpec.directory(dataDirectory: "/tmp/descent-kernelspec-test-\(getpid())/share/jupyter", name: "d")
        XCTAssertTrue(folder.hasSuffix("/share/jupyter/kernels/d"))
        try spec.install(into: folder, logo64: [0x89, 0x50])
        let written = try JSON(parsing: try XCTUnwrap(readFile(folder + "/kernel.json")))
        XCTAssertEqual(written["argv"], ["/opt/descent", "kernel", "--connection-file", "{connection_file}"])
        XCTAssertEqual(written["display_name"], "Descent")
        XCTAssertEqual(written["language"], "descent")
        XCTAssertEqual(written["interrupt_mode"], "signal")
        XCTAssertEqual(written["env"], ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertEqual(readFile(folder + "/logo-64x64.png"), [0x89, 0x50])
    }

    func testInstallReportsAnUnwritableFolder() {
        let spec = KernelSpec(argv: ["x"], displayName: "D", language: "d", interruptMode: .message)
        XCTAssertThrowsError(try spec.install(into: "/proc/descent-cannot-be-here", logo64: nil)) {
            XCTAssertTrue("\($0)".contains("/proc/descent-cannot-be-here"))
        }
    }

    private func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let n = fread(&chunk, 1, chunk.count, file), n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        return bytes
    }
}
