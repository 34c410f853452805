import Engine
import LanguageCore
import Learn

/// A data set: features `.x` (N, F), targets `.y`, `len(data)` examples.
final class DatasetObject: LibraryObject, SizedObject {
    let data: Dataset

    init(_ data: Dataset) { self.data = data }

    var typeName: String { "Dataset" }
    var attributeNames: [String] { ["x", "y", "features", "classes", "feature_names", "target_name"] }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "x": return .tensor(data.x)
        case "y": return .tensor(data.y)
        case "features": return .int(data.features)
        case "classes": return data.classNames.map { .list(ListBox($0.map { .str($0) })) } ?? Value.none
        case "feature_names": return data.featureNames.map { .list(ListBox($0.map { .str($0) })) } ?? Value.none
        case "target_name": return data.targetName.map { .str($0) } ?? Value.none
        default: return nil
        }
    }

    var count: Int { data.count }
    var repr: String { data.description }
    var helpText: String { "\(repr): .x (features), .y (targets), len(data); split(), batches(), standardize() work on it." }
}
