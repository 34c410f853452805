import LanguageCore
import Plot

/// A library value that `heatmap()` can draw, such as a 2-D grid search result.
protocol HeatmapSource: LibraryObject {
    func heatmap() throws -> Heatmap
}
