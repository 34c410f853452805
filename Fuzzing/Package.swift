// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets for Descent's parsers (see docs/ARCHITECTURE.md, "Fuzzing and sanitizers").
///
/// A package of its own, depending on the main one by path, so that `swift build` and
/// `swift test` of the main package never see these targets: their `main` is libFuzzer's, and
/// they link only when built with `-sanitize=fuzzer` (`make fuzz`, Fuzzing/run.sh).
let package = Package(
    name: "DescentFuzz",
    dependencies: [.package(name: "Descent", path: "..")],
    targets: [
        .executableTarget(name: "FuzzJSON", dependencies: [.product(name: "JSON", package: "Descent")]),
        .executableTarget(name: "FuzzWire", dependencies: [.product(name: "Kernel", package: "Descent"),
                                                           .product(name: "JSON", package: "Descent")]),
        .executableTarget(name: "FuzzNotebook", dependencies: [.product(name: "Notebook", package: "Descent")]),
        // The tensor-file targets reach the decoders directly (`@testable`: debug builds enable
        // testing), with no file written per input.
        .executableTarget(name: "FuzzNPY", dependencies: [.product(name: "LanguageLibrary", package: "Descent"),
                                                          .product(name: "Engine", package: "Descent")]),
        .executableTarget(name: "FuzzSafetensors", dependencies: [.product(name: "LanguageLibrary", package: "Descent"),
                                                                  .product(name: "Engine", package: "Descent")]),
        .executableTarget(name: "FuzzCell", dependencies: [.product(name: "LanguageCore", package: "Descent"),
                                                           .product(name: "LanguageLibrary", package: "Descent")]),
    ],
    swiftLanguageModes: [.v5]
)
