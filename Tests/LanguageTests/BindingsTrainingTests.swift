import Engine
import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// fit, compare, evaluate, minimize and the test functions, with the display rules of training.
final class BindingsTrainingTests: XCTestCase {
    func testFitOnIrisReachesNinetyPercent() {
        let h = Harness()
        h.eval("""
        seed(0)
        train, val = split(iris(), [0.8, 0.2])
        train, val = standardize(train, val)
        net = MLP([4, 16, 3])
        run = fit(net, train, loss=cross_entropy, optimizer=Adam(lr=0.05), epochs=40, batch_size=16, validation=val)
        """)
        XCTAssertGreaterThanOrEqual(h.number("run.val_accuracy[-1]"), 0.9)
        XCTAssertEqual(h.eval("run.epochs"), "40")
        XCTAssertEqual(h.eval("len(run.loss)"), "\(40 * 8)")  // 120 rows in batches of 16
        XCTAssertEqual(h.eval("len(run.val_loss)"), "40")
        XCTAssertEqual(h.eval("run.epoch_loss[-1] < run.epoch_loss[0]"), "True")
        XCTAssertEqual(h.eval("run.wall_time > 0"), "True")
        XCTAssertEqual(h.eval("run.model is None"), "False")
        let line = h.eval("run") ?? ""
        XCTAssertTrue(line.hasPrefix("Run(Adam, 40 epochs, loss ") && line.contains("val_accuracy") && !line.contains("\n"), line)
    }

    func testFitDefaultsAndBatchSizes() {
        let h = Harness()
        h.eval("seed(1)\ndata = linear_regression(n=40, features=2, noise=0.0)\nnet = Linear(2, 1)")
        XCTAssertEqual(h.eval("len(fit(net, data, optimizer=SGD(lr=0.1), epochs=3, batch_size=None).loss)"), "3")
        XCTAssertEqual(h.eval("len(fit(net, data, optimizer=SGD(lr=0.01), epochs=1, batch_size=1).loss)"), "40")
        XCTAssertEqual(h.eval("len(fit(net, data, epochs=2, batch_size=16).loss)"), "6")
        // Noise-free linear data: Adam finds the plane (loss picked as mse for numeric targets).
        h.eval("run = fit(net, data, optimizer=Adam(lr=0.05), epochs=150, batch_size=None)")
        XCTAssertLessThan(h.number("run.loss[-1]"), 1e-3)
        XCTAssertEqual(h.eval("len(fit(net, data, epochs=1, validation=0.25).val_loss)"), "1")
        let custom = h.eval("fit(net, data, loss=lambda p, t: mse(p, t, reduction=\"sum\"), optimizer=SGD(lr=0.001), epochs=1, batch_size=None).loss[0]")
        XCTAssertEqual(Double(custom ?? "") ?? 0, 40 * h.number("evaluate(net, data).loss"), accuracy: 1e-2)
    }

    func testFitErrorsAreClearAndKeepNames() {
        let h = Harness()
        h.eval("net = MLP([4, 8, 3])\nkeep = 42")
        let e = h.failure("fit(net, wine(), epochs=1)")
        XCTAssertEqual(e.name, "ValueError")
        XCTAssertTrue(e.value.contains("13") && e.value.contains("4"), e.value)
        XCTAssertEqual(h.failure("fit(net, iris(), epochs=0)").name, "ValueError")
        XCTAssertEqual(h.failure("fit(net, iris(), optimizer=\"adam\")").name, "TypeError")
        XCTAssertEqual(h.failure("fit(net, iris(), loss=\"hinge\")").name, "ValueError")
        XCTAssertEqual(h.eval("keep"), "42")
    }

    func testDivergenceWarnsOnStandardError() {
        let h = Harness()
        h.eval("seed(0)\ndata = linear_regression(n=32, noise=0.1)\nnet = Linear(1, 1)")
        h.eval("run = fit(net, data, optimizer=SGD(lr=50.0), epochs=200, batch_size=None)")
        XCTAssertEqual(h.eval("run.diverged"), "True")
        XCTAssertTrue(h.stderr.hasPrefix("Warning: fit: the loss "), h.stderr)
        XCTAssertTrue(h.stdout.isEmpty)
        // The issue's case: a huge learning rate on a regression, in mini-batches, must not end silently.
        h.stderr = ""
        h.eval("huge = fit(Linear(1, 1), data, optimizer=SGD(lr=1e6), epochs=20)")
        XCTAssertEqual(h.eval("huge.diverged"), "True")
        XCTAssertTrue(h.stderr.hasPrefix("Warning: fit: the loss "), h.stderr)
        // mse on x ~ N(0, 1) has curvature about 2, so SGD with η = 1.5 overshoots about twofold a step: the loss grows about fourfold a step, finite; four epochs stay under a thousandfold.
        h.stderr = ""
        h.eval("grown = fit(Linear(1, 1), data, optimizer=SGD(lr=1.5), epochs=4, batch_size=None)")
        XCTAssertEqual(h.eval("grown.diverged"), "False")
        XCTAssertTrue(h.stderr.contains("the loss grew from"), h.stderr)
    }

    func testCompareStartsEveryRunFromTheSameWeights() {
        let h = Harness()
        h.eval("""
        seed(3)
        data = spiral(n=40, classes=3)
        net = MLP([2, 16, 3])
        runs = compare({"SGD": SGD(lr=0.1), "Momentum": Momentum(lr=0.1), "Adam": Adam(lr=0.01)}, model=net, data=data, epochs=3, batch_size=30)
        """)
        XCTAssertEqual(h.eval("len(runs)"), "3")
        XCTAssertEqual(h.eval("runs.names"), "['SGD', 'Momentum', 'Adam']")
        XCTAssertEqual(h.eval("runs[0].loss[0] == runs[1].loss[0] == runs[\"Adam\"].loss[0]"), "True")
        XCTAssertEqual(h.eval("[r.name for r in runs]"), "['SGD', 'Momentum', 'Adam']")
        XCTAssertEqual(h.eval("runs.best.name in runs.names"), "True")
        let table = h.eval("runs") ?? ""
        XCTAssertTrue(table.contains("Momentum(lr=0.1, gamma=0.9)"), table)
        XCTAssertEqual(h.eval("len(compare([SGD(lr=0.1), SGD(lr=0.01)], model=net, data=data, epochs=1))"), "2")
        XCTAssertEqual(h.failure("runs[\"RMSprop\"]").name, "KeyError")
    }

    func testEvaluateMatchesAccuracyByHand() {
        let h = Harness()
        h.eval("seed(0)\nnet = MLP([4, 8, 3])\ndata = iris()\ne = evaluate(net, data)")
        XCTAssertEqual(h.number("e.accuracy"), h.number("accuracy(net(data.x), data.y)"), accuracy: 1e-9)
        XCTAssertEqual(h.number("e.loss"), h.number("cross_entropy(net(data.x), data.y).item()"), accuracy: 1e-5)
        XCTAssertEqual(h.eval("e.count"), "150")
        XCTAssertEqual(h.eval("evaluate(Linear(1, 1), linear_regression(n=5)).accuracy"), nil)
    }

    func testMinimizeRosenbrockEndsNearTheMinimum() {
        let h = Harness()
        h.eval("path = minimize(rosenbrock, start=[-1.5, 2], optimizer=Adam(lr=0.02), steps=3000)")
        XCTAssertEqual(h.number("path.final[0]"), 1, accuracy: 1e-2)
        XCTAssertEqual(h.number("path.final[1]"), 1, accuracy: 1e-2)
        XCTAssertEqual(h.eval("len(path.points)"), "3001")
        XCTAssertEqual(h.eval("path.points[0]"), "(-1.5, 2.0)")
        XCTAssertEqual(h.number("path.values[0]"), 2.5 * 2.5 + 100 * 0.0625, accuracy: 1e-9)  // (1+1.5)² + 100(2−2.25)²
        // A function of one's own, with gradient descent: x² + y² shrinks by (1 − 2η) per step.
        h.eval("def bowl(x, y):\n    return x * x + y * y\nq = minimize(bowl, start=[1.0, -2.0], optimizer=SGD(lr=0.25), steps=3)")
        XCTAssertEqual(h.number("q.final[0]"), 0.125, accuracy: 1e-12)
        XCTAssertEqual(h.number("q.final[1]"), -0.25, accuracy: 1e-12)
        XCTAssertEqual(h.eval("minimize(ravine, steps=5).steps"), "5")
        XCTAssertEqual(h.failure("minimize(bowl, optimizer=SGD(lr=0.1))").name, "TypeError")
        h.eval("wild = minimize(saddle, optimizer=SGD(lr=10.0), steps=500)")
        XCTAssertEqual(h.eval("wild.diverged"), "True")
        XCTAssertTrue(h.stderr.contains("Warning: minimize"), h.stderr)
    }

    func testTestFunctionsAtKnownPoints() {
        let h = Harness()
        XCTAssertEqual(h.eval("rosenbrock(1, 1)"), "0.0")
        XCTAssertEqual(h.eval("rosenbrock(0, 0)"), "1.0")
        XCTAssertEqual(h.eval("beale(3, 0.5)"), "0.0")
        XCTAssertEqual(h.eval("beale(0, 0)"), formatFloat(1.5 * 1.5 + 2.25 * 2.25 + 2.625 * 2.625))
        XCTAssertEqual(h.eval("saddle(1, 2)"), "-3.0")
        XCTAssertEqual(h.eval("ravine(1, 1)"), "51.0")
        XCTAssertEqual(h.eval("rosenbrock(tensor([1.0, 0.0]), tensor([1.0, 0.0])).tolist()"), "[0.0, 1.0]")
    }

    func testNotebookProgressIsOneDisplayUpdatedInPlace() {
        let h = Harness()
        h.session.progressDelay = 0
        h.session.progress = .notebook
        h.eval("seed(0)\nrun = fit(MLP([4, 8, 3]), iris(), epochs=3, batch_size=16, validation=0.2)")
        var ids: Set<String> = [], displays = 0, updates = 0
        for out in h.outputs {
            switch out {
            case .display(let b, let id):
                displays += 1
                ids.insert(id ?? "")
                XCTAssertTrue(b.text?.contains("epoch") ?? false)
            case .updateDisplay(let b, let id):
                updates += 1
                ids.insert(id)
                if case .text(let html)? = b.data["text/html"], let start = html.range(of: "data:image/png;base64,") {
                    let encoded = html[start.upperBound...].prefix { $0 != "\"" }
                    let png = Data(base64Encoded: String(encoded)) ?? Data()
                    XCTAssertEqual(BindingsSupport.pngSize(png).map { [$0.0, $0.1] }, [720, 300])
                    if let dir = ProcessInfo.processInfo.environment["DESCENT_SAMPLES"] {
                        try? png.write(to: URL(fileURLWithPath: dir).appendingPathComponent("progress.png"))
                    }
                }
            default: break
            }
        }
        XCTAssertEqual(displays, 1)
        XCTAssertGreaterThanOrEqual(updates, 1)
        XCTAssertEqual(ids.count, 1)
        if case .updateDisplay(let b, _)? = h.outputs.last { XCTAssertTrue(b.text?.hasPrefix("Run(Adam, 3 epochs") ?? false) } else { XCTFail("ends in \(String(describing: h.outputs.last))") }
    }

    /// The live display's summary gives the loss in significant digits, so a small loss never reads 0.
    func testProgressLineShowsASmallLossInSignificantDigits() {
        let h = Harness()
        h.session.progressDelay = 0
        h.session.progress = .terminal
        h.eval("seed(0)\ndata = linear_regression(n=32, noise=0.0)\nrun = fit(Linear(1, 1), data, optimizer=Adam(lr=0.1), epochs=300, batch_size=None, validation=0.25)")
        XCTAssertLessThan(h.number("run.loss[-1]"), 1e-3)
        XCTAssertFalse(h.stderr.contains("loss 0 "), h.stderr)
        XCTAssertNotNil(h.stderr.range(of: #"Run\(Adam, 300 epochs, loss [0-9.]+e-[0-9]+, "#, options: .regularExpression),
                        "a loss under 1e-4 in e-notation: \(h.stderr.suffix(300))")
    }

    func testBatchRunsShowNothingButTheValueWhereItIsShown() {
        let h = Harness()
        h.session.progressDelay = 0
        h.session.progress = .batch
        h.eval("seed(0)\nrun = fit(MLP([4, 8, 3]), iris(), epochs=2)")
        XCTAssertEqual(h.outputs.count, 0, "\(h.outputs)")
        XCTAssertTrue(h.eval("run")?.hasPrefix("Run(Adam, 2 epochs") ?? false)
        let t = Harness()
        t.session.progressDelay = 0
        t.session.progress = .terminal
        t.eval("seed(0)\nrun = fit(MLP([4, 8, 3]), iris(), epochs=2)")
        XCTAssertTrue(t.stderr.hasPrefix("\r[") && t.stderr.hasSuffix(")\n"), t.stderr)
    }

    func testInterruptStopsFitAndKeepsNames() {
        let h = Harness()
        h.eval("net = MLP([64, 32, 10])\ndata = digits()\nbefore = 7")
        h.interrupt(after: 0.3)
        let started = Date()
        h.run("run = fit(net, data, epochs=100000, batch_size=1)")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(h.error?.name, "KeyboardInterrupt")
        XCTAssertEqual(h.eval("before"), "7")
        XCTAssertEqual(h.eval("net(data.x[0:2]).shape"), "(2, 10)")
        XCTAssertEqual(h.failure("run").name, "NameError")
    }
}

/// `pbt` as a user calls it: members are networks that train on from inherited weights.
final class BindingsPopulationTests: XCTestCase {
    private func harness() -> Harness {
        let h = Harness()
        h.eval("""
            seed(0)
            train, val, test = split(iris(), [0.6, 0.2, 0.2])
            def step(net, lr):
                return fit(net, train, loss=cross_entropy, optimizer=SGD(lr=lr), epochs=2, batch_size=16, validation=val)
            r = pbt(step, {"lr": loguniform(1e-3, 1.0)}, lambda: MLP([4, 8, 3]), population=4, rounds=3, seed=0)
            """)
        return h
    }

    func testTheResultKeepsTheScheduleAndTheBestMembersTrainedNetwork() {
        let h = harness()
        XCTAssertEqual(h.eval("r.method"), "'pbt'")
        XCTAssertEqual(h.eval("len(r.trials), len(r.models)"), "(12, 4)")
        XCTAssertEqual(h.eval("[len(s) for s in r.schedule['lr']]"), "[3, 3, 3, 3]")
        // The best member's network scores on the validation set what its last round scored.
        XCTAssertEqual(h.eval("abs(evaluate(r.model, val, loss=cross_entropy).loss - r.best_score) < 1e-5"), "True")
        XCTAssertEqual(h.eval("[t['parent'] for t in r.trials][:4]"), "[None, None, None, None]")
        XCTAssertEqual(h.eval("all(t['parent'] is not None for t in r.trials[4:])"), "True")
        // One of four (fraction 0.25) continues from another member's weights after each round.
        XCTAssertEqual(h.eval("len([t for t in r.trials[4:] if t['parent'] % 4 != t['trial'] % 4])"), "2")
    }

    /// Members trained in forked workers (weights sent both ways) equal members trained here.
    func testWorkersTrainTheMembersThatOneAfterAnotherWould() {
        let h = harness()
        h.eval("""
            here = pbt(step, {'lr': loguniform(1e-3, 1.0)}, lambda: MLP([4, 8, 3]), population=4, rounds=3, seed=0, workers=1)
            par = pbt(step, {'lr': loguniform(1e-3, 1.0)}, lambda: MLP([4, 8, 3]), population=4, rounds=3, seed=0, workers=2)
            """)
        XCTAssertEqual(h.eval("'s on 2 workers' in str(par), 's on 1 worker' in str(here)"), "(True, True)")
        XCTAssertEqual(h.eval("[(t['lr'], t['score'], t['parent']) for t in par.trials] == [(t['lr'], t['score'], t['parent']) for t in here.trials]"), "True")
        XCTAssertEqual(h.eval("all(float(abs(a.weight - b.weight).max()) == 0 for m, n in zip(par.models, here.models) for a, b in [(m[0], n[0]), (m[2], n[2])])"), "True")
    }

    func testTrialsPrintNothingAndABadModelIsNamed() {
        let h = harness()
        XCTAssertEqual(h.stdout, "")
        h.run("pbt(step, {'lr': [0.1]}, 3)")
        XCTAssertEqual(h.error?.name, "TypeError")
        XCTAssertTrue(h.error?.value.contains("model must be a network or a function that makes one") ?? false,
                      h.error?.value ?? "")
    }
}
