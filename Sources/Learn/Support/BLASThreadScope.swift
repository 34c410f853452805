import COpenBLAS
import Engine

/// OpenBLAS's thread count for the fused training step, chosen once per run by Engine's rule
/// (one thread below `BLASThreads.singleThreadBelow` multiply-adds, all of them above) and put
/// back afterwards, so that Engine's own choice stays in force for everything else.
struct BLASThreadScope {
    private let previous: Int32

    init(for multiplyAdds: Int) {
        previous = openblas_get_num_threads()
        let want = multiplyAdds < BLASThreads.singleThreadBelow ? 1 : BLASThreads.maxThreads
        openblas_set_num_threads(Int32(want))
    }

    func restore() { openblas_set_num_threads(previous) }
}
