import Engine
import LanguageCore
import Learn

/// An optimizer: bound to parameters when made by hand (`Adam(net.parameters(), lr=0.01)`, then
/// `.step()`, `.zero_grad()`, a settable `.lr`), or a recipe without parameters for `fit`,
/// `compare` and `minimize` (`Adam(lr=0.01)`).
final class OptimizerObject: LibraryObject {
    private(set) var recipe: OptimizerRecipe
    let bound: Optimizer?

    init(_ recipe: OptimizerRecipe, parameters: [Tensor]?) throws {
        self.recipe = recipe
        bound = try parameters.map { try Optimizer($0, recipe) }
    }

    var typeName: String { recipe.name }

    private static func requireBound(_ a: borrowing Arguments) throws -> Optimizer {
        let o = try Bind.receiver(a, OptimizerObject.self)
        guard let opt = o.bound else {
            throw ScriptError.type("\(o.recipe.name).\(a.name)(): this optimizer has no parameters; make it with them, e.g. \(o.recipe.name)(net.parameters(), lr=\(o.recipe.lr)), or hand it to fit(), compare() or minimize()")
        }
        return opt
    }

    static let methods: [String: Builtin] = [
        "step": Builtin("step", "", "One update of every parameter that has a gradient, with the optimizer's rule.") { a in
            try requireBound(a).step()
            return .none
        },
        "zero_grad": Builtin("zero_grad", "", "Forgets the gradients of the optimizer's parameters.") { a in
            try requireBound(a).zeroGrad()
            return .none
        },
    ]

    var attributeNames: [String] {
        Array(OptimizerObject.methods.keys) + ["lr", "steps", "params"] + recipe.rule.hyperParameters.map(\.0)
    }

    func method(_ name: String) -> Builtin? { OptimizerObject.methods[name] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "lr": return .float(bound?.lr ?? recipe.lr)
        case "steps": return .int(bound?.steps ?? 0)
        case "params": return .list(ListBox((bound?.parameters ?? []).map { .tensor($0) }))
        default: return recipe.rule.hyperParameters.first { $0.0 == name }.map { .float($0.1) }
        }
    }

    func setAttribute(_ name: String, _ value: Value) throws {
        guard name == "lr" else { throw ScriptError.attribute("'\(typeName)' object attribute '\(name)' is read-only; only lr can be set") }
        guard let lr = Operators.number(value) else { throw ScriptError.type("\(typeName).lr must be a number, not \(value.typeName)") }
        try bound?.setLR(lr)
        recipe = try recipe.with(lr: lr)
    }

    var repr: String { bound?.description ?? recipe.description }

    var helpText: String {
        "\(recipe.name): an optimizer (\(repr)). With parameters: .step(), .zero_grad(), .lr; without: a recipe for fit(), compare() and minimize()."
    }
}

/// A learning-rate schedule for `fit(..., schedule=)`.
final class ScheduleObject: LibraryObject {
    let schedule: Schedule

    init(_ schedule: Schedule) throws {
        try schedule.validate()
        self.schedule = schedule
    }

    var typeName: String { "Schedule" }
    var attributeNames: [String] { [] }
    func attribute(_ name: String) throws -> Value? { nil }
    var repr: String { schedule.description }
}
