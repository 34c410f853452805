import Engine
import LanguageCore

/// Tensor creation and the tensor functions of LANGUAGE.md section 3 (`tensor`, `zeros`,
/// `relu`, `softmax`, losses, `accuracy`...).
enum TensorBuiltins {
    static func dtype(_ a: borrowing Arguments, _ param: String = "dtype", default fallback: DType = .float32) throws -> DType {
        if a.isNone(param) { return fallback }
        let name = try a.string(param)
        guard let d = DType(rawValue: name) else {
            throw ScriptError.value("\(a.name)(): unknown dtype '\(name)'; use \"float32\", \"float64\" or \"int64\"")
        }
        return d
    }

    private static func finish(_ t: Tensor, _ a: borrowing Arguments) throws -> Value {
        if try a.bool("requires_grad") { try t.setRequiresGrad(true) }
        return .tensor(t)
    }

    private static func filled(_ name: String, _ doc: String, _ make: @escaping ([Int], DType) throws -> Tensor) -> Builtin {
        Builtin(name, "*shape, dtype=None, requires_grad=False", doc) { a in
            try finish(try make(try TensorMethods.shape(a.varargs("shape"), name), try dtype(a)), a)
        }
    }

    private static func unary(_ name: String, _ doc: String, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, "x", doc) { a in .tensor(try f(try a.tensor("x"))) }
    }

    /// Class indices given as a float vector become int64, as cross_entropy and nll expect.
    static func classTarget(_ target: Tensor, _ logits: Tensor) throws -> Tensor {
        if target.ndim == 1 && target.dtype != .int64 && logits.ndim == 2 && target.shape[0] == logits.shape[0] {
            return try target.cast(.int64)
        }
        return target
    }

    static let builtins: [Builtin] = [
        Builtin("tensor", "data, dtype=None, requires_grad=False",
                "A tensor from a number or nested lists: tensor([[1, 2], [3, 4]]). float32 unless dtype=\"float64\" or \"int64\".") { a in
            let t = try toTensor(a["data"], name: "tensor() argument 'data'", dtype: try dtype(a))
            let fresh = t === (a["data"].tensorValue) ? try t.cast(t.dtype, copy: true).detach() : t
            return try finish(fresh, a)
        },
        filled("zeros", "A tensor of zeros: zeros(2, 3) or zeros((2, 3)).") { try Tensor.zeros($0, dtype: $1) },
        filled("ones", "A tensor of ones: ones(2, 3).") { try Tensor.ones($0, dtype: $1) },
        filled("rand", "Uniform random numbers in [0, 1): rand(2, 3). Seeded by seed(n).") { try Tensor.rand($0, dtype: $1) },
        filled("randn", "Standard normal random numbers: randn(2, 3). Seeded by seed(n).") { try Tensor.randn($0, dtype: $1) },
        Builtin("full", "shape, value, dtype=None, requires_grad=False", "A tensor with every element equal to `value`: full((2, 3), 0.5).") { a in
            try finish(try Tensor.full(try TensorMethods.shape([a["shape"]], "full"), value: try a.double("value"), dtype: try dtype(a)), a)
        },
        Builtin("eye", "n, m=None, dtype=None, requires_grad=False", "The identity matrix (n × m, square by default).") { a in
            try finish(try Tensor.eye(try a.int("n"), try a.optionalInt("m"), dtype: try dtype(a)), a)
        },
        Builtin("arange", "start, stop=None, step=1, dtype=None, requires_grad=False",
                "Evenly spaced values from start up to (not including) stop: arange(5), arange(0, 1, 0.1).") { a in
            let start = a.isNone("stop") ? 0 : try a.double("start")
            let stop = a.isNone("stop") ? try a.double("start") : try a.double("stop")
            let allInts = [a["start"], a["stop"], a["step"]].allSatisfy { if case .float = $0 { return false } else { return true } }
            let d = try dtype(a, default: allInts ? .int64 : .float32)
            return try finish(try Tensor.arange(start, stop, try a.double("step"), dtype: d), a)
        },
        Builtin("linspace", "start, stop, steps=50, dtype=None, requires_grad=False", "`steps` evenly spaced values from start to stop, both included.") { a in
            try finish(try Tensor.linspace(try a.double("start"), try a.double("stop"), try a.int("steps"), dtype: try dtype(a)), a)
        },
        Builtin("logspace", "start, stop, steps=50, base=10.0, dtype=None, requires_grad=False",
                "`steps` values from base**start to base**stop, evenly spaced in the exponent.") { a in
            try finish(try Tensor.logspace(try a.double("start"), try a.double("stop"), try a.int("steps"), base: try a.double("base"), dtype: try dtype(a)), a)
        },
        Builtin("randint", "low, high, shape, dtype=None", "Random integers in [low, high) (int64): randint(0, 10, (3,)).") { a in
            .tensor(try Tensor.randint(try a.int("low"), try a.int("high"), try TensorMethods.shape([a["shape"]], "randint"), dtype: try dtype(a, default: .int64)))
        },
        Builtin("zeros_like", "x, requires_grad=False", "Zeros with the shape and dtype of x.") { a in
            try finish(try Tensor.zerosLike(try a.tensor("x")), a)
        },
        Builtin("ones_like", "x, requires_grad=False", "Ones with the shape and dtype of x.") { a in
            try finish(try Tensor.onesLike(try a.tensor("x")), a)
        },
        Builtin("cat", "tensors, axis=0", "Joins tensors along an existing axis.") { a in
            .tensor(try Tensor.cat(try Access.sequence(a["tensors"]).map { try toTensor($0, name: "cat() item") }, axis: try a.int("axis")))
        },
        Builtin("stack", "tensors, axis=0", "Joins tensors of one shape along a new axis.") { a in
            .tensor(try Tensor.stack(try Access.sequence(a["tensors"]).map { try toTensor($0, name: "stack() item") }, axis: try a.int("axis")))
        },
        Builtin("softmax", "x, axis=-1", "exp(x) / sum(exp(x)) along `axis`: probabilities that sum to 1.") { a in
            .tensor(try a.tensor("x").softmax(axis: try a.int("axis")))
        },
        Builtin("log_softmax", "x, axis=-1", "log(softmax(x)) along `axis`, computed stably.") { a in
            .tensor(try a.tensor("x").logSoftmax(axis: try a.int("axis")))
        },
        Builtin("matmul", "a, b", "The matrix product a @ b (batched over leading axes).") { a in
            .tensor(try a.tensor("a").matmul(try a.tensor("b")))
        },
        Builtin("mse", "pred, target, reduction='mean'", "Mean (or, with reduction=\"sum\", the sum) of squared errors (pred - target)².") { a in
            let name = try a.string("reduction")
            guard let r = Reduction(rawValue: name) else { throw ScriptError.value("mse(): reduction must be \"mean\" or \"sum\", not \"\(name)\"") }
            let pred = try a.tensor("pred")
            return .tensor(try Tensor.mseLoss(pred, try toTensor(a["target"], name: "mse() argument 'target'", dtype: pred.dtype), reduction: r))
        },
        Builtin("cross_entropy", "logits, target",
                "Softmax cross-entropy, averaged over rows: target as class indices (N,) or one-hot/probability rows (N, C). Its gradient is softmax(logits) - target.") { a in
            let logits = try a.tensor("logits")
            return .tensor(try Tensor.crossEntropy(logits, try classTarget(try a.tensor("target"), logits)))
        },
        Builtin("nll", "log_probs, target", "Negative log-likelihood of class indices given log-probabilities (N, C), averaged.") { a in
            let lp = try a.tensor("log_probs")
            return .tensor(try Tensor.nllLoss(lp, try classTarget(try a.tensor("target"), lp)))
        },
        Builtin("bce", "pred, target", "Binary cross-entropy of probabilities `pred` against 0/1 targets, averaged.") { a in
            let pred = try a.tensor("pred")
            return .tensor(try Tensor.binaryCrossEntropy(pred, try toTensor(a["target"], name: "bce() argument 'target'", dtype: pred.dtype)))
        },
        Builtin("accuracy", "logits, target", "The fraction of rows whose largest logit is the target class (indices or one-hot rows).") { a in
            let logits = try a.tensor("logits")
            var target = try a.tensor("target")
            if target.ndim == 2 { target = try target.argmax(axis: 1) }
            let predicted = try logits.ndim == 1 ? logits.argmax() : logits.argmax(axis: 1)
            let hits = try predicted.eq(try target.cast(.int64)).cast(.float64).sum().item()
            return .float(hits / Double(max(1, predicted.count)))
        },
    ] + TensorMethods.elementwise.map { e in unary(e.name, e.doc, e.apply) }
}

extension Value {
    var tensorValue: Tensor? {
        if case .tensor(let t as Tensor) = self { return t }
        return nil
    }
}
