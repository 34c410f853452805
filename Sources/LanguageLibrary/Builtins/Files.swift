import Engine
import Foundation
import Interruption
import LanguageCore

/// Files (LANGUAGE.md section 3, Files and Figures): `save` and `load` of tensors and models as
/// .npy and .safetensors, and of figures as .png and .svg.
enum FileBuiltins {
    private static func fileExtension(_ path: String) -> String { (path as NSString).pathExtension.lowercased() }

    private static func write(_ bytes: [UInt8], _ path: String) throws { try Files.write(bytes, to: path, for: "save()") }

    private static func read(_ path: String) throws -> [UInt8] { try Files.read(path, for: "load()") }

    /// The named tensors to write to a .safetensors file.
    private static func namedTensors(_ v: Value) throws -> [(String, Tensor)] {
        switch v {
        case .tensor(let t as Tensor): return [("tensor", t)]
        case .object(let net as NetworkObject): return net.layer.namedParameters()
        case .dict(let d):
            return try zip(d.keys, d.values).map { k, v in (str(k), try toTensor(v, name: "save() value '\(str(k))'")) }
        default: throw ScriptError.type("save() writes figures, tensors, networks and dicts of tensors, not \(v.typeName)")
        }
    }

    static let builtins: [Builtin] = [
        Builtin("save", "obj, path",
                "Writes a figure (.png, .svg), a tensor (.npy, .safetensors), a network's parameters or a dict of tensors (.safetensors).") { a in
            let obj = a["obj"], path = try a.string("path")
            if let fig = Bind.object(obj, FigureObject.self) {
                try fig.save(path)
                return .none
            }
            switch fileExtension(path) {
            case "npy":
                guard case .tensor(let t as Tensor) = obj else {
                    throw ScriptError.type("save(): a .npy file holds one tensor; save a \(obj.typeName) as .safetensors")
                }
                try write(NPYFormat.encode(t), path)
            case "safetensors":
                try write(SafetensorsFormat.encode(try namedTensors(obj)), path)
            case let ext:
                throw ScriptError.value("save(): cannot save to '.\(ext)': use .npy or .safetensors for tensors and networks, .png or .svg for figures")
            }
            return .none
        },
        Builtin("load", "path, model=None",
                "Reads a .npy file as a tensor, or a .safetensors file as a dict of name -> tensor; with model=net, copies those tensors into the network's parameters and returns it.") { a in
            let path = try a.string("path")
            switch fileExtension(path) {
            case "npy":
                return .tensor(try NPYFormat.decode(try read(path), path: path))
            case "safetensors":
                let tensors = try SafetensorsFormat.decode(try read(path), path: path)
                if !a.isNone("model") {
                    let net = try NetworkBuiltins.network(a["model"], "load() argument 'model'")
                    try net.assign(Dictionary(tensors, uniquingKeysWith: { first, _ in first }), from: "'\(path)'")
                    return .object(net)
                }
                let d = DictBox()
                for (name, t) in tensors { try d.set(.str(name), .tensor(t)) }
                return .dict(d)
            case let ext:
                throw ScriptError.value("load(): cannot read '.\(ext)' files: use .npy or .safetensors")
            }
        },
    ]
}
