import Engine
import LanguageCore
import Learn

/// Layers and networks (LANGUAGE.md section 3, Networks): `Linear`, activations, `Dropout`,
/// `Sequential`, `MLP` and `summary`.
enum NetworkBuiltins {
    private static func activation(_ kind: Activation.Kind, _ doc: String) -> Builtin {
        Builtin(kind.rawValue, "", doc) { _ in .object(NetworkObject(Activation(kind))) }
    }

    /// The activation an `MLP` puts between its layers: `ReLU`, `ReLU()` or "relu".
    private static func activationKind(_ v: Value) throws -> Activation.Kind {
        let name: String
        switch v {
        case .builtin(let b): name = b.name
        case .str(let s): name = s
        case .object(let o as NetworkObject):
            guard let a = o.layer as? Activation else { throw ScriptError.type("MLP(): activation must be ReLU, Sigmoid, Tanh or Softmax, not \(o.typeName)") }
            return a.kind
        default: throw ScriptError.type("MLP(): activation must be ReLU, Sigmoid, Tanh or Softmax, not \(v.typeName)")
        }
        guard let kind = Activation.Kind.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
            throw ScriptError.value("MLP(): unknown activation '\(name)'; use ReLU, Sigmoid, Tanh or Softmax")
        }
        return kind
    }

    static func network(_ v: Value, _ what: String) throws -> NetworkObject {
        guard let net = Bind.object(v, NetworkObject.self) else {
            throw ScriptError.type("\(what) must be a network (Linear, Sequential, MLP...), not \(v.typeName)")
        }
        return net
    }

    static let builtins: [Builtin] = [
        Builtin("Linear", "in_features, out_features, bias=True",
                "A fully connected layer y = x Wᵀ + b, W of shape (out, in), initialised as PyTorch does (uniform in ±1/√in).") { a in
            .object(NetworkObject(try Linear(try a.int("in_features"), try a.int("out_features"), bias: try a.bool("bias"))))
        },
        activation(.relu, "max(x, 0) as a layer."),
        activation(.sigmoid, "1 / (1 + exp(-x)) as a layer."),
        activation(.tanh, "tanh(x) as a layer."),
        activation(.softmax, "softmax over the last axis as a layer."),
        Builtin("Dropout", "p=0.5", "Zeroes each value with probability p in training mode (scaling the rest by 1/(1-p)); passes x through in eval mode.") { a in
            .object(NetworkObject(try Dropout(try a.double("p"))))
        },
        Builtin("Sequential", "*layers", "Layers applied in order: Sequential(Linear(4, 16), ReLU(), Linear(16, 3)); also takes one list of layers.") { a in
            var items = a.varargs("layers")
            if items.count == 1, case .list(let l) = items[0] { items = l.items }
            return .object(NetworkObject(Sequential(try items.enumerated().map { try network($0.element, "Sequential() layer \($0.offset)").layer })))
        },
        Builtin("MLP", "sizes, activation=ReLU", "A multi-layer perceptron: MLP([4, 16, 3]) is Linear(4, 16), ReLU(), Linear(16, 3).") { a in
            let sizes = try Access.sequence(a["sizes"]).map { v -> Int in
                guard let i = Operators.integer(v) else { throw ScriptError.type("MLP(): sizes must be integers, not \(v.typeName)") }
                return i
            }
            let kind = a.isNone("activation") ? Activation.Kind.relu : try activationKind(a["activation"])
            return .object(NetworkObject(try Sequential.mlp(sizes, activation: kind)))
        },
        Builtin("summary", "net", "A table of the network's layers, output shapes and parameter counts, with the total.") { a in
            .object(TableObject(try network(a["net"], "summary() argument 'net'").summary, typeName: "Summary"))
        },
    ]
}
