import Engine
import Foundation
import Interruption

extension Dataset {
    /// A data set from a parsed CSV table (see `CSVTable` for the format and its errors).
    public convenience init(_ table: CSVTable) throws {
        let x = try Tensor(shape: [table.rows, table.featureNames.count], scalars: table.features)
        let y: Tensor
        var names: [String]? = nil
        switch table.target {
        case .classes(let indices, let classNames):
            y = try Tensor(shape: [indices.count], scalars: indices.map(Double.init), dtype: .int64)
            names = classNames
        case .values(let values):
            y = try Tensor(shape: [values.count], scalars: values)
        }
        try self.init(x: x, y: y, classNames: names, featureNames: table.featureNames, targetName: table.targetName)
    }
}

/// Reads a CSV file with a header row; `target` names the target column (nil: the last one).
/// Errors name the file, the line and the column.
public func loadCSV(_ path: String, target: String? = nil) throws -> Dataset {
    try Dataset(CSVTable(parsing: try Files.readText(path, for: "load_csv"), source: path, target: target))
}

/// Fisher's iris: 150 flowers, 4 measurements (cm), 3 species, sorted by species.
public func iris() throws -> Dataset {
    try Dataset(CSVTable(parsing: BundledCSV.iris, source: "iris.csv", target: "species"))
}

/// The UCI wine data: 178 wines, 13 chemical measurements, 3 cultivars, sorted by cultivar.
public func wine() throws -> Dataset {
    try Dataset(CSVTable(parsing: BundledCSV.wine, source: "wine.csv", target: "cultivar"))
}

/// The UCI optical digits (test part): 1797 images of 8x8 pixels with values 0..16, digits 0..9.
public func digits() throws -> Dataset {
    try Dataset(CSVTable(parsing: BundledCSV.digits, source: "digits.csv", target: "digit"))
}
