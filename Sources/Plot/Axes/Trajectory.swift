/// An optimizer's path through parameter space, drawn over a contour: a line with a dot per
/// step, an open circle at the start and a star at the end.
public struct Trajectory: Sendable {
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    public var color: Color?

    public init(label: String? = nil, x: [Double], y: [Double], color: Color? = nil) {
        self.label = label
        self.x = x
        self.y = y
        self.color = color
    }
}
