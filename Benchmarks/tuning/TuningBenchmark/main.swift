// Times a 16-trial grid search of the digits MLP and prints one JSON line.
//
//   TuningBenchmark [workers] [epochs]
//
// The grid: SGD with momentum 0.9, lr in {0.003, 0.01, 0.03, 0.1} x batch size in {16, 32, 64, 128};
// each trial trains an MLP 64-128-10 (ReLU) with cross-entropy for `epochs` epochs (default 10) on
// 80% of the standardized digits and is scored by its validation loss on the other 20%. The
// clock covers the whole search (trials, worker processes, result), not the data preparation nor
// opening OpenBLAS (PyTorch's side does not time its import either).
import Engine
import Foundation
import Learn


let arguments = Array(CommandLine.arguments.dropFirst())
let workers = arguments.first.flatMap { Int($0) } ?? 2
let epochs = arguments.count > 1 ? Int(arguments[1]) ?? 10 : 10

func seconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

do {
    let parts = try split(try standardize(digits())[0], [0.8, 0.2], seed: 0)
    let space = try SearchSpace([("lr", .values([0.003, 0.01, 0.03, 0.1].map { .double($0) })),
                                 ("batch_size", .values([16, 32, 64, 128].map { .int($0) }))])
    _ = BLASCore.name
    let start = seconds()
    let result = try gridSearch(space, options: TuningOptions(workers: workers, seed: 1)) { trial in
        let net = try Sequential.mlp([64, 128, 10])
        let run = try fit(net, parts[0], loss: .crossEntropy,
                          optimizer: .momentum(lr: trial.configuration["lr"]?.number ?? 0.01),
                          epochs: epochs, batchSize: Int(trial.configuration["batch_size"]?.number ?? 32),
                          validation: parts[1])
        return run.valLoss.last ?? .nan
    }
    let elapsed = seconds() - start
    let best = result.best
    print("{\"workers\": \(workers), \"seconds\": \(elapsed), \"trials\": \(result.records.count), " +
          "\"ok\": \(result.records.filter { $0.status == .ok }.count), " +
          "\"trial_seconds\": \(result.records.map(\.seconds).reduce(0, +)), " +
          "\"best\": \"\(best?.configuration.description ?? "none")\", \"best_score\": \(best?.score ?? .nan), " +
          "\"blas_core\": \"\(BLASCore.name)\"}")
} catch {
    FileHandle.standardError.write("TuningBenchmark: \(error)\n".data(using: .utf8) ?? Data())
    exit(1)
}
