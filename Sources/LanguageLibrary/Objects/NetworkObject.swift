import Engine
import Interruption
import LanguageCore
import Learn

/// A network or one of its layers (`Linear`, `ReLU()`, `Sequential`...): called like a
/// function, indexed like a list (`net[0].weight` is the very tensor an optimizer updates),
/// shown as a summary table.
final class NetworkObject: LibraryObject, IndexableObject, IterableObject, SizedObject {
    let layer: Layer

    init(_ layer: Layer) { self.layer = layer }

    /// The last `parameters()` tuple's items, handed out again while the layer holds the same
    /// tensors: a tuple cannot be changed, so sharing its items is safe, and a training loop's
    /// `for p in net.parameters()` then builds nothing.
    private var parameters: [Value] = []

    private func parameterValues() -> [Value] {
        var i = 0, same = parameters.count == layer.parameterTensorCount
        layer.forEachParameter { t in
            if same, case .tensor(let kept) = parameters[i], kept === t {} else { same = false }
            i += 1
        }
        if !same {
            parameters = []
            parameters.reserveCapacity(layer.parameterTensorCount)
            layer.forEachParameter { parameters.append(.tensor($0)) }
        }
        return parameters
    }

    var typeName: String {
        switch layer {
        case is Linear: return "Linear"
        case is Sequential: return "Sequential"
        case is Dropout: return "Dropout"
        case let a as Activation: return a.kind.rawValue
        default: return "Module"
        }
    }

    static let methods: [String: Builtin] = [
        "parameters": Builtin("parameters", "", "The parameter tensors, in order, as a tuple: hand them to an optimizer, Adam(net.parameters(), lr=0.01).") { a in
            .tuple(try Bind.receiver(a, NetworkObject.self).parameterValues())
        },
        "named_parameters": Builtin("named_parameters", "", "(name, tensor) pairs with PyTorch's names: ('0.weight', ...), ('0.bias', ...).") { a in
            .list(ListBox(try Bind.receiver(a, NetworkObject.self).layer.namedParameters().map { .tuple([.str($0.0), .tensor($0.1)]) }))
        },
        "zero_grad": Builtin("zero_grad", "", "Forgets every parameter's gradient (before the next backward()).") { a in
            try Bind.receiver(a, NetworkObject.self).layer.zeroGrad()
            return .none
        },
        "train": Builtin("train", "mode=True", "Switches to training mode (Dropout active); returns the network.") { a in
            let net = try Bind.receiver(a, NetworkObject.self)
            net.layer.isTraining = try a.bool("mode")
            return .object(net)
        },
        "eval": Builtin("eval", "", "Switches to evaluation mode (Dropout off); returns the network.") { a in
            let net = try Bind.receiver(a, NetworkObject.self)
            net.layer.eval()
            return .object(net)
        },
        "copy": Builtin("copy", "", "A deep copy: the same layers and values, new parameter tensors.") { a in
            .object(NetworkObject(try Bind.receiver(a, NetworkObject.self).layer.copy()))
        },
        "load_state_dict": Builtin("load_state_dict", "state", "Copies tensors from a dict of name -> tensor (as load() returns) into the parameters of the same names and shapes.") { a in
            let net = try Bind.receiver(a, NetworkObject.self)
            guard case .dict(let d) = a["state"] else { throw a.wrongType("state", "a dict of name -> tensor") }
            var tensors: [String: Tensor] = [:]
            for (k, v) in zip(d.keys, d.values) { tensors[str(k)] = try toTensor(v, name: "load_state_dict() value '\(str(k))'") }
            try net.assign(tensors, from: "the state dict")
            return .object(net)
        },
    ]

    var attributeNames: [String] {
        var names = Array(NetworkObject.methods.keys) + ["training"]
        switch layer {
        case let l as Linear: names += ["weight", "in_features", "out_features"] + (l.bias == nil ? [] : ["bias"])
        case is Sequential: names += ["layers"]
        case is Dropout: names += ["p"]
        default: break
        }
        return names
    }

    func method(_ name: String) -> Builtin? { NetworkObject.methods[name] }

    func attribute(_ name: String) throws -> Value? {
        if name == "training" { return .bool(layer.isTraining) }
        switch (layer, name) {
        case (let l as Linear, "weight"): return .tensor(l.weight)
        case (let l as Linear, "bias"): return l.bias.map { .tensor($0) } ?? Value.none
        case (let l as Linear, "in_features"): return .int(l.inFeatures)
        case (let l as Linear, "out_features"): return .int(l.outFeatures)
        case (let s as Sequential, "layers"): return .list(ListBox(s.layers.map { .object(NetworkObject($0)) }))
        case (let d as Dropout, "p"): return .float(d.p)
        default: return nil
        }
    }

    var callable: Builtin? { NetworkObject.forward }

    /// `net(x)`: checks the feature count first, so the error names both shapes.
    private static let forward = Builtin("forward", "x", "Runs the network on a batch of rows.") { a in
        let net = try Bind.receiver(a, NetworkObject.self)
        let x = try toTensor(a["x"], name: "\(net.typeName) input")
        if let expected = net.layer.inputFeatures, x.ndim >= 1, x.shape[x.ndim - 1] != expected {
            let weight = net.firstLinear.map { " (weight of shape \(describe($0.weight.shape)))" } ?? ""
            throw ScriptError.value("\(net.typeName): input of shape \(describe(x.shape)) has \(x.shape[x.ndim - 1]) features, but the first layer expects \(expected)\(weight)")
        }
        return .tensor(try net.layer.forward(x.dtype == .int64 ? x.cast(.float32) : x))
    }

    private var firstLinear: Linear? {
        if let l = layer as? Linear { return l }
        return (layer as? Sequential)?.layers.lazy.compactMap { $0 as? Linear }.first
    }

    func item(_ sub: Subscript) throws -> Value {
        guard let s = layer as? Sequential else { throw ScriptError.type("'\(typeName)' object is not subscriptable") }
        switch sub {
        case .single(let v):
            return .object(NetworkObject(s.layers[try Access.position(v, count: s.count, what: "Sequential")]))
        case .items(let items):
            guard items.count == 1, case .slice(let lo, let hi, let step) = items[0] else {
                throw ScriptError.type("Sequential indices must be integers or slices")
            }
            return .object(NetworkObject(Sequential(Access.slicePositions(lo, hi, step, count: s.count).map { s.layers[$0] })))
        }
    }

    /// `for layer in net:` visits a Sequential's layers.
    func makeIterator() throws -> () throws -> Value? {
        guard let s = layer as? Sequential else { throw ScriptError.type("'\(typeName)' object is not iterable") }
        var i = 0
        return {
            defer { i += 1 }
            return i < s.count ? .object(NetworkObject(s.layers[i])) : nil
        }
    }

    var count: Int { (layer as? Sequential)?.count ?? 1 }

    var repr: String { layer.description }

    var summary: TextTable {
        let s = NetworkSummary(layer)
        return TextTable(header: ["#", "layer", "output shape", "parameters"],
                         rows: s.rows.map { [$0.index, $0.layer, $0.outputShape, "\($0.parameters)"] },
                         numeric: [3], footer: "total parameters: \(s.totalParameters)")
    }

    /// Networks and Linear layers show their summary table; a layer without parameters its repr.
    var mimeBundle: MimeBundle { layer is Sequential || layer is Linear ? summary.bundle : MimeBundle(text: repr) }

    var helpText: String {
        "\(typeName): a network. Call it on a batch, net(x); methods: " + NetworkObject.methods.keys.sorted().joined(separator: ", ")
            + "; net[i] is its i-th layer.\n\n" + repr
    }

    /// Copies `tensors` into the parameters of the same names; every parameter must be given.
    /// `source` names where they come from in errors: a file, a dict, a `pbt` member's state.
    func assign(_ tensors: [String: Tensor], from source: String) throws {
        let params = layer.namedParameters()
        for (name, p) in params {
            guard let t = tensors[name] else {
                throw ScriptError.key("no tensor named '\(name)' to load; \(source) has " + tensors.keys.sorted().joined(separator: ", "))
            }
            guard t.shape == p.shape else {
                throw ScriptError.value("cannot load '\(name)': \(source) has it with shape \(describe(t.shape)) but the parameter has shape \(describe(p.shape))")
            }
        }
        try Autograd.noGrad {
            for (name, p) in params { if let t = tensors[name] { try p.setIndex([.ellipsis], to: t.cast(p.dtype)) } }
        }
    }
}
