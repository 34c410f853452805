// swift-tools-version:6.0
import PackageDescription

/// Descent: a teaching-and-research notebook kernel for optimization and deep learning.
///
/// Modules, lowest first (see docs/ARCHITECTURE.md): C shims over system libraries, `Engine`
/// (tensors and autograd), `Learn` (networks, optimizers, training), `Plot` (figures through
/// Cairo), `LanguageCore` (the Descent language and its `Session`), `LanguageLibrary` (its
/// built-ins over Engine, Learn and Plot), `Kernel` (the Jupyter protocol),
/// `Notebook` (the batch runner) and the `descent` executable that wires them together.
let package = Package(
    name: "Descent",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "descent", targets: ["descent"]),
        .library(name: "Engine", targets: ["Engine"]),
        // For the fuzz targets of Fuzzing/Package.swift, which depend on this package by path.
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "LanguageCore", targets: ["LanguageCore"]),
        .library(name: "LanguageLibrary", targets: ["LanguageLibrary"]),
        .library(name: "Notebook", targets: ["Notebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // OpenBLAS and Cairo are opened on first use (CLibraryLoader), not linked: a kernel that
        // has not yet multiplied a matrix or drawn a figure does not map them.
        .target(name: "CLibraryLoader", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "COpenBLAS", dependencies: ["CLibraryLoader"]),
        .target(name: "CCairo", dependencies: ["CLibraryLoader"]),
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq",
                       providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),

        // Hot loops in C, compiled for each x86 vector width and chosen at load (Engine's fast paths).
        // libmvec: glibc's vector log and cos, for randn (BoxMuller.c).
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("mvec", .when(platforms: [.linux]))]),

        .target(name: "Interruption"),
        .target(name: "Engine", dependencies: ["CKernels", "COpenBLAS", "Interruption"]),
        .target(name: "JSON"),
        .target(name: "Kernel", dependencies: ["JSON", "CZeroMQ", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Learn", dependencies: ["Engine", "Interruption"]),
        // The language knows no tensor, network or figure: its library adds them through the
        // protocols the core defines (`TensorObject`, `LibraryObject`).
        .target(name: "LanguageCore", dependencies: ["Interruption", "JSON"]),
        .target(name: "LanguageLibrary", dependencies: ["LanguageCore", "Engine", "Interruption", "JSON", "Learn", "Plot",
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Plot", dependencies: ["CCairo", "Interruption"]),
        .target(name: "Notebook", dependencies: ["JSON", "LanguageCore", "LanguageLibrary", "Engine"]),

        .executableTarget(
            name: "descent",
            dependencies: [
                "Engine", "Interruption", "JSON", "Kernel", "LanguageCore", "LanguageLibrary", "Learn", "Notebook", "Plot", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The release binary is what a kernel maps: bfd's packed relative relocations and no
            // exported symbols keep start-up from reading 2 MB of relocations and symbols.
            linkerSettings: [.unsafeFlags(["-use-ld=bfd", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                           "-Xlinker", "--no-export-dynamic"], .when(platforms: [.linux], configuration: .release))]),

        // What several test targets share: the fixture reader and the Session harness.
        .target(name: "TestSupport", dependencies: ["Engine", "Interruption", "LanguageCore", "LanguageLibrary"], path: "Tests/TestSupport"),
        .testTarget(name: "EngineTests", dependencies: ["CKernels", "Engine", "Interruption", "TestSupport"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "JSON"]),
        .executableTarget(name: "descent-test-kernel", dependencies: ["Kernel", "JSON"], path: "Tests/Protocol/TestKernel"),
        .testTarget(name: "LearnTests", dependencies: ["Learn", "Engine", "Interruption", "TestSupport"]),
        .executableTarget(name: "LearnBenchmark", dependencies: ["Learn", "Engine"],
                          path: "Benchmarks/learn/LearnBenchmark"),
        .testTarget(name: "LanguageTests", dependencies: ["LanguageCore", "LanguageLibrary", "Interruption", "JSON", "TestSupport"],
                    exclude: ["repl_test.sh"]),
        .executableTarget(name: "LanguageBenchmark", dependencies: ["LanguageCore", "LanguageLibrary"],
                          path: "Benchmarks/language/LanguageBenchmark"),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Interruption", "TestSupport"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "JSON", "LanguageCore", "LanguageLibrary", "TestSupport"]),
        .executableTarget(name: "PlotBenchmark", dependencies: ["Plot"],
                          path: "Benchmarks/plot/PlotBenchmark"),
        .executableTarget(name: "EngineBenchmark", dependencies: ["Engine", "COpenBLAS"],
                          path: "Benchmarks/engine/EngineBenchmark"),
        .executableTarget(name: "KernelFloor", dependencies: ["Kernel", "CZeroMQ"],
                          path: "Benchmarks/kernel/KernelFloor"),
        .executableTarget(name: "TuningBenchmark", dependencies: ["Learn", "Engine"],
                          path: "Benchmarks/tuning/TuningBenchmark"),
    ],
    swiftLanguageModes: [.v6]
)
