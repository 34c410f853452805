import COpenBLAS
import Engine
import Foundation

/// Times the lecture's PyTorch example (64, 1000, 100, 10; Linear-ReLU-Linear; sum of squared
/// errors; SGD lr 1e-4; 500 steps) on the engine, and the BLAS floor: the same five GEMMs per step
/// called straight on OpenBLAS. Prints one JSON object; `run.py` puts it beside PyTorch and NumPy.
///
/// Usage: EngineBenchmark [repeats], EngineBenchmark tiling (see Tiling.swift), or
/// EngineBenchmark floor linear|raw [update]: one floor run in the weight layout of `Linear` (out, in)
/// or of the slide's raw tensors (in, out), as JSON (`lecture_three_ways.py` puts it beside
/// `descent`); with `update`, each step also makes SGD's update of the two weight matrices with
/// `cblas_saxpy`, the one pass over the parameters no training step can skip.

let (n, dIn, hidden, dOut, steps) = (64, 1000, 100, 10, 500)
let repeats = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 5 : 5
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "tiling" {
    let rest = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try tilingBenchmark(repeats: rest.first ?? 3, largest: rest.dropFirst().first ?? 4000)
    exit(0)
}
if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "floor" {
    let raw = CommandLine.arguments[2] == "raw", update = CommandLine.arguments.dropFirst(3).first == "update"
    let time = seconds { blasFloor(raw: raw, update: update) }
    print("{\"wall\": \(time.wall), \"cpu\": \(time.cpu), \"blas_core\": \"\(BLASCore.name)\"}")
    exit(0)
}

/// Wall-clock and CPU seconds of `body` (CPU time is steadier on a machine shared with builds).
func seconds(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    func now(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let (wall, cpu) = (now(CLOCK_MONOTONIC), now(CLOCK_PROCESS_CPUTIME_ID))
    try body()
    return (now(CLOCK_MONOTONIC) - wall, now(CLOCK_PROCESS_CPUTIME_ID) - cpu)
}

func uniform(_ shape: [Int], _ bound: Double) throws -> Tensor {
    try (Tensor.rand(shape) * (2 * bound) - bound).detach()
}

/// One training run on the engine: the seconds its 500 steps took (setup excluded) and the final loss.
func engineRun() throws -> ((wall: Double, cpu: Double), Double) {
    Random.seed(0)
    let x = try Tensor.randn([n, dIn]), y = try Tensor.randn([n, dOut])
    let params = try [uniform([hidden, dIn], 1 / 1000.0.squareRoot()), uniform([hidden], 1 / 1000.0.squareRoot()),
                      uniform([dOut, hidden], 0.1), uniform([dOut], 0.1)]
    for p in params { try p.setRequiresGrad(true) }
    var last = 0.0
    let time = try seconds {
    for _ in 0..<steps {
        let h = try Tensor.linear(x, weight: params[0], bias: params[1]).relu()
        let loss = try Tensor.mseLoss(Tensor.linear(h, weight: params[2], bias: params[3]), y, reduction: .sum)
        try loss.backward()
        try Autograd.noGrad {
            for p in params {
                if let g = p.grad { try p.addScaled_(g, alpha: -1e-4) }
                p.zeroGrad()
            }
        }
        last = try loss.item()
    }
    }
    return (time, last)
}

/// The five GEMMs of each step (two forward, three backward) on fixed buffers, nothing else; with
/// the weights (out, in) as `Linear` keeps them, or (in, out) as the slide's raw tensors when `raw`;
/// then, when `update`, w -= lr·dw for both weight matrices.
func blasFloor(raw: Bool = false, update: Bool = false) {
    let x = [Float](repeating: 0.5, count: n * dIn)
    var w1 = [Float](repeating: 0.01, count: hidden * dIn), w2 = [Float](repeating: 0.1, count: dOut * hidden)
    var h = [Float](repeating: 0, count: n * hidden), pred = [Float](repeating: 0, count: n * dOut)
    var gW2 = [Float](repeating: 0, count: dOut * hidden), gH = [Float](repeating: 0, count: n * hidden)
    var gW1 = [Float](repeating: 0, count: hidden * dIn)
    let g = [Float](repeating: 0.1, count: n * dOut)
    func step() {
        guard update else { return }
        cblas_saxpy(Int32(w1.count), -1e-9, gW1, 1, &w1, 1)
        cblas_saxpy(Int32(w2.count), -1e-9, gW2, 1, &w2, 1)
    }
    openblas_set_num_threads(Int32(n * dIn * hidden < BLASThreads.singleThreadBelow ? 1 : BLASThreads.maxThreads))
    if raw {
        for _ in 0..<steps {
            // h = x·w1, pred = h·w2, dw2 = hᵀ·g, dh = g·w2ᵀ, dw1 = xᵀ·dh, with w1 (in, hidden), w2 (hidden, out).
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(hidden), Int32(dIn), 1, x, Int32(dIn), w1, Int32(hidden), 0, &h, Int32(hidden))
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(dOut), Int32(hidden), 1, h, Int32(hidden), w2, Int32(dOut), 0, &pred, Int32(dOut))
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(hidden), Int32(dOut), Int32(n), 1, h, Int32(hidden), g, Int32(dOut), 0, &gW2, Int32(dOut))
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(hidden), Int32(dOut), 1, g, Int32(dOut), w2, Int32(dOut), 0, &gH, Int32(hidden))
            cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(dIn), Int32(hidden), Int32(n), 1, x, Int32(dIn), gH, Int32(hidden), 0, &gW1, Int32(hidden))
            step()
        }
        return
    }
    for _ in 0..<steps {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(hidden), Int32(dIn), 1, x, Int32(dIn), w1, Int32(dIn), 0, &h, Int32(hidden))
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(dOut), Int32(hidden), 1, h, Int32(hidden), w2, Int32(hidden), 0, &pred, Int32(dOut))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(dOut), Int32(hidden), Int32(n), 1, g, Int32(dOut), h, Int32(hidden), 0, &gW2, Int32(hidden))
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(hidden), Int32(dOut), 1, g, Int32(dOut), w2, Int32(hidden), 0, &gH, Int32(hidden))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(hidden), Int32(dIn), Int32(n), 1, gH, Int32(hidden), x, Int32(dIn), 0, &gW1, Int32(dIn))
        step()
    }
}

var engine: [(wall: Double, cpu: Double)] = [], floor: [(wall: Double, cpu: Double)] = []
var finalLoss = 0.0
for _ in 0..<repeats {
    floor.append(seconds { blasFloor() })
    let (time, loss) = try engineRun()
    engine.append(time)
    finalLoss = loss
}
let result: [String: Any] = [
    "engine_seconds": engine.map(\.wall).min()!, "blas_floor_seconds": floor.map(\.wall).min()!,
    "engine_cpu_seconds": engine.map(\.cpu).min()!, "blas_floor_cpu_seconds": floor.map(\.cpu).min()!,
    "final_loss": finalLoss,
    "blas_core": BLASCore.name,
    "blas_threads": n * dIn * hidden < BLASThreads.singleThreadBelow ? 1 : BLASThreads.maxThreads,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
