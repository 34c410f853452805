import XCTest
@testable import LanguageCore
@testable import LanguageLibrary
import TestSupport

/// Data sets bound into the language.
final class BindingsDataTests: XCTestCase {
    func testDatasetFromTensors() {
        let h = Harness()
        h.eval("d = dataset(tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tensor([0, 1, 1]), classes=[\"no\", \"yes\"])")
        XCTAssertEqual(h.eval("len(d)"), "3")
        XCTAssertEqual(h.eval("d.x.shape"), "(3, 2)")
        XCTAssertEqual(h.eval("d.y.dtype"), "'int64'")
        XCTAssertEqual(h.eval("d.classes"), "['no', 'yes']")
        XCTAssertEqual(h.eval("d"), "Dataset(3 examples, 2 features, 2 classes)")
        XCTAssertEqual(h.eval("dataset(randn(4, 3), randn(4)).y.shape"), "(4, 1)")
        XCTAssertEqual(h.eval("dataset(randn(3, 2), [0, 2, 1]).classes"), "['0', '1', '2']")
        XCTAssertEqual(h.failure("dataset(randn(4, 3), randn(5))").name, "ValueError")
    }

    func testLoadCSV() throws {
        let dir = try BindingsSupport.scratch()
        let path = dir.appendingPathComponent("pets.csv").path
        try "weight,height,kind\n4.0,30,cat\n30.5,60,dog\n5.5,28,cat\n".write(toFile: path, atomically: true, encoding: .utf8)
        let h = Harness()
        h.eval("pets = load_csv(\"\(path)\", target=\"kind\")")
        XCTAssertEqual(h.eval("len(pets)"), "3")
        XCTAssertEqual(h.eval("pets.classes"), "['cat', 'dog']")
        XCTAssertEqual(h.eval("pets.y.tolist()"), "[0, 1, 0]")
        XCTAssertEqual(h.eval("pets.x[1, 0].item()"), "30.5")
        XCTAssertEqual(h.eval("pets.feature_names"), "['weight', 'height']")
        XCTAssertEqual(h.failure("load_csv(\"\(dir.path)/missing.csv\")").name, "FileNotFoundError")
    }

    func testBundledDataSets() {
        let h = Harness()
        XCTAssertEqual(h.eval("iris()"), "Dataset(150 examples, 4 features, 3 classes)")
        XCTAssertEqual(h.eval("wine()"), "Dataset(178 examples, 13 features, 3 classes)")
        XCTAssertEqual(h.eval("digits()"), "Dataset(1797 examples, 64 features, 10 classes)")
        // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa.
        XCTAssertEqual(h.eval("[round(v, 1) for v in iris().x[0].tolist()]"), "[5.1, 3.5, 1.4, 0.2]")
    }

    func testSyntheticDataSets() {
        let h = Harness()
        XCTAssertEqual(h.eval("spiral(n=50, classes=3, noise=0.1, seed=1)"), "Dataset(150 examples, 2 features, 3 classes)")
        XCTAssertEqual(h.eval("blobs(n=90, centers=3, seed=1)"), "Dataset(90 examples, 2 features, 3 classes)")
        h.eval("d = xor(n=64, noise=0.0, seed=2)")
        // Class 1 exactly where the coordinates' signs differ (no noise).
        XCTAssertEqual(h.eval("((d.x[:, 0] * d.x[:, 1] < 0) == d.y).sum().item()"), "64.0")
        h.eval("r = linear_regression(n=50, features=2, noise=0.0, seed=3)")
        XCTAssertEqual(h.eval("r.y.shape"), "(50, 1)")
        // Noise-free: exactly linear, so three differences determine the rest.
        XCTAssertEqual(h.eval("spiral(seed=4).x.tolist() == spiral(seed=4).x.tolist()"), "True")
        XCTAssertEqual(h.failure("spiral(n=0)").name, "ValueError")
    }

    func testSplitKFoldBatches() {
        let h = Harness()
        h.eval("seed(0)\ntrain, val, test = split(iris(), [0.6, 0.2, 0.2])")
        XCTAssertEqual(h.eval("[len(train), len(val), len(test)]"), "[90, 30, 30]")
        XCTAssertEqual(h.eval("train.x.sum().item() + val.x.sum().item() + test.x.sum().item() - iris().x.sum().item() < 0.01"), "True")
        XCTAssertEqual(h.eval("[(len(a), len(b)) for a, b in kfold(iris(), 5)]"), "[(120, 30), (120, 30), (120, 30), (120, 30), (120, 30)]")
        XCTAssertEqual(h.eval("[x.shape[0] for x, y in batches(iris(), 32)]"), "[32, 32, 32, 32, 22]")
        XCTAssertEqual(h.eval("batches(iris(), 50, shuffle=False)[0][1].tolist() == [0] * 50"), "True")
        XCTAssertEqual(h.eval("[len(part) for part in split(iris())]"), "[120, 30]")
        XCTAssertEqual(h.failure("split(iris(), [0.9, 0.9])").name, "ValueError")
        XCTAssertEqual(h.failure("batches(iris(), 0)").name, "ValueError")
    }

    func testStandardizeUsesTrainingStatistics() {
        let h = Harness()
        h.eval("seed(0)\ntrain, val = split(wine(), [0.7, 0.3])\nstrain, sval = standardize(train, val)")
        XCTAssertEqual(h.number("strain.x.mean(axis=0).abs().max().item()"), 0, accuracy: 1e-4)
        XCTAssertEqual(h.number("((strain.x ** 2).mean(axis=0) - 1).abs().max().item()"), 0, accuracy: 1e-3)
        // Validation data is shifted and scaled with the training mean and std, not its own.
        let mean0 = h.number("train.x[:, 0].mean().item()")
        let std0 = h.number("((train.x[:, 0] - train.x[:, 0].mean()) ** 2).mean().sqrt().item()")
        XCTAssertEqual(h.number("sval.x[0, 0].item()"), (h.number("val.x[0, 0].item()") - mean0) / std0, accuracy: 1e-3)
        XCTAssertEqual(h.eval("len(standardize(train))"), "124")
    }
}
