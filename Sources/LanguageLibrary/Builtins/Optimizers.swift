import Engine
import LanguageCore
import Learn

/// The lecture's optimizers and learning-rate schedules (LANGUAGE.md section 3, Optimizers).
enum OptimizerBuiltins {
    /// The tensors an optimizer updates: a list of tensors, or a network's parameters.
    private static func parameters(_ v: Value, _ name: String) throws -> [Tensor] {
        if let net = Bind.object(v, NetworkObject.self) { return net.layer.parameters() }
        return try Access.sequence(v).map { try toTensor($0, name: "\(name)() parameter") }
    }

    /// An optimizer constructor: `Name(params, lr=..., ...)` by hand or `Name(lr=...)` as a
    /// recipe; a number as the first argument is the learning rate.
    private static func optimizer(_ name: String, _ extra: String, _ doc: String,
                                  _ rule: @escaping (borrowing Arguments) throws -> OptimizerRecipe.Rule) -> Builtin {
        Builtin(name, "params=None, lr=None" + (extra.isEmpty ? "" : ", " + extra), doc + "\n\nBy hand: opt = \(name)(net.parameters(), lr=0.01); opt.zero_grad(); loss.backward(); opt.step(). As a recipe: fit(net, data, optimizer=\(name)(lr=0.01)).") { a in
            var params = a["params"], lrValue = a["lr"]
            if Operators.number(params) != nil, lrValue.isNone { (params, lrValue) = (.none, params) }
            guard let lr = Operators.number(lrValue) else {
                throw lrValue.isNone ? ScriptError.type("\(name)() missing required argument 'lr' (the learning rate)")
                                     : a.wrongType("lr", "a number")
            }
            let recipe = try OptimizerRecipe(try rule(a), lr: lr)
            return .object(try OptimizerObject(recipe, parameters: params.isNone ? nil : try parameters(params, name)))
        }
    }

    static let builtins: [Builtin] = [
        optimizer("SGD", "", "Stochastic gradient descent: θ ← θ − η∇L.") { _ in .sgd },
        optimizer("Momentum", "gamma=0.9", "Momentum: v ← γv + η∇L, θ ← θ − v.") { a in .momentum(gamma: try a.double("gamma")) },
        optimizer("NAG", "gamma=0.9", "Nesterov accelerated gradient: v ← γv + η∇L(θ − γv), θ ← θ − v.") { a in
            .nag(gamma: try a.double("gamma"))
        },
        optimizer("Adagrad", "eps=1e-8", "Adagrad: g ← g + ∇², θ ← θ − η∇/(√g + ε).") { a in .adagrad(eps: try a.double("eps")) },
        optimizer("RMSprop", "gamma=0.9, eps=1e-8", "RMSprop: g ← γg + (1−γ)∇², θ ← θ − η∇/(√g + ε) (γ = 0.9 as in the lecture; PyTorch's default is 0.99).") { a in
            .rmsprop(gamma: try a.double("gamma"), eps: try a.double("eps"))
        },
        optimizer("Adam", "beta1=0.9, beta2=0.999, eps=1e-8", "Adam: moments m and g of the gradient with bias correction, θ ← θ − η m̂/(√ĝ + ε).") { a in
            .adam(beta1: try a.double("beta1"), beta2: try a.double("beta2"), eps: try a.double("eps"))
        },
        optimizer("AdaBound", "final_lr=0.1, gamma=1e-3", "AdaBound (Luo et al., 2019): Adam whose per-parameter rate is clipped to bounds closing in on final_lr.") { a in
            .adaBound(finalLR: try a.double("final_lr"), gamma: try a.double("gamma"), beta1: 0.9, beta2: 0.999, eps: 1e-8)
        },
        Builtin("step_decay", "every, factor", "A schedule for fit(): η = η₀ · factor^⌊epoch/every⌋ (drops by `factor` every `every` epochs).") { a in
            .object(try ScheduleObject(.stepDecay(every: try a.int("every"), factor: try a.double("factor"))))
        },
        Builtin("exp_decay", "rate", "A schedule for fit(): η = η₀ · e^(−rate·epoch).") { a in
            .object(try ScheduleObject(.expDecay(rate: try a.double("rate"))))
        },
        Builtin("inverse_time", "rate", "A schedule for fit(): η = η₀ / (1 + rate·epoch).") { a in
            .object(try ScheduleObject(.inverseTime(rate: try a.double("rate"))))
        },
    ]
}
