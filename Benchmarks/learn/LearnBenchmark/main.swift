import Interruption

// Times Descent's training loop on the two benchmark problems and prints one JSON line.
//
//   LearnBenchmark digits [epochs]   digits MLP 64-128-10, batch 32, Adam(lr=1e-3), all 1797 rows, standardized
//   LearnBenchmark mnist [epochs]    MLP 784-256-10 on 10,000 random N(0, 1) rows, random labels, batch 128, Adam
//
// The clock starts after the data set and the network are made and stops when `fit` returns.
import Engine
import Foundation
import Learn


let arguments = Array(CommandLine.arguments.dropFirst())
let problem = arguments.first ?? "digits"
let epochs = arguments.count > 1 ? Int(arguments[1]) ?? 10 : (problem == "digits" ? 10 : 2)

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

do {
    Random.seed(0)
    let data: Dataset
    let sizes: [Int]
    let batch: Int
    switch problem {
    case "digits":
        data = try standardize(digits())[0]
        sizes = [64, 128, 10]
        batch = 32
    case "mnist":
        data = try Dataset(x: Tensor.randn([10_000, 784]), y: Tensor.randint(0, 10, [10_000]))
        sizes = [784, 256, 10]
        batch = 128
    default:
        throw EngineError(kind: "ValueError", message: "unknown problem \(problem); use digits or mnist")
    }
    let net = try Sequential.mlp(sizes)
    let start = seconds()
    let run = try fit(net, data, loss: .crossEntropy, optimizer: .adam(lr: 1e-3), epochs: epochs, batchSize: batch, seed: 1)
    let elapsed = seconds() - start
    print("{\"problem\": \"\(problem)\", \"seconds\": \(elapsed), \"steps\": \(run.stepLoss.count), " +
          "\"final_loss\": \(run.epochLoss.last ?? .nan), \"blas_core\": \"\(BLASCore.name)\"}")
} catch {
    FileHandle.standardError.write("LearnBenchmark: \(error)\n".data(using: .utf8)!)
    exit(1)
}
