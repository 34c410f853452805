import XCTest
@testable import Plot

final class GraphLayoutTests: XCTestCase {
    private func mlp() throws -> GraphDiagram {
        let nodes: [GraphDiagram.Node] = [
            .init(id: 0, label: "x", detail: "(64, 784)", kind: .input), .init(id: 1, label: "W1", kind: .parameter),
            .init(id: 2, label: "matmul"), .init(id: 3, label: "relu"), .init(id: 4, label: "W2", kind: .parameter),
            .init(id: 5, label: "matmul"), .init(id: 6, label: "y", kind: .input), .init(id: 7, label: "loss", kind: .output),
        ]
        let edges = [(0, 2), (1, 2), (2, 3), (3, 5), (4, 5), (5, 7), (6, 7), (0, 7)].map { GraphDiagram.Edge(from: $0.0, to: $0.1) }
        return try GraphDiagram(nodes: nodes, edges: edges)
    }

    func testEdgesPointDownAndBoxesDoNotOverlap() throws {
        let diagram = try mlp()
        let canvas = try XCTUnwrap(Canvas.measuring())
        let layout = GraphLayout(diagram: diagram) { canvas.textWidth($0, size: $1) }
        XCTAssertEqual(layout.boxes.count, diagram.nodes.count)
        let box = Dictionary(uniqueKeysWithValues: layout.boxes.map { ($0.node.id, $0) })
        for edge in diagram.edges {
            XCTAssertLessThan(box[edge.from]!.y + box[edge.from]!.height, box[edge.to]!.y, "\(edge)")
        }
        let rects = layout.boxes.map { Rect(x: $0.x - $0.width / 2, y: $0.y, width: $0.width, height: $0.height) }
        for i in rects.indices {
            for j in rects.indices where j > i {
                XCTAssertFalse(rects[i].intersects(rects[j]), "\(layout.boxes[i].node.label) overlaps \(layout.boxes[j].node.label)")
            }
        }
        XCTAssertEqual(layout.routes.count, diagram.edges.count)
    }

    func testDeepChainLaysOutWithoutRecursion() throws {
        let n = 3000
        let nodes = (0..<n).map { GraphDiagram.Node(id: $0, label: "op\($0)") }
        let edges = (1..<n).map { GraphDiagram.Edge(from: $0 - 1, to: $0) }
        let diagram = try GraphDiagram(nodes: nodes, edges: edges)
        XCTAssertEqual(diagram.layers()?[n - 1], n - 1)
    }

    /// The lecture's 2-2-2 network with a weight on every edge: no label overlaps another label
    /// or a box, although two pairs of edges cross.
    func testEdgeLabelsOfCrossingEdgesStayApart() throws {
        let names = ["x1", "x2", "h1", "h2", "y1", "y2"]
        let nodes = names.enumerated().map { GraphDiagram.Node(id: $0, label: $1, detail: "0.774") }
        let edges = [(0, 2, "w1 = 0.1"), (1, 2, "w2 = 0.3"), (0, 3, "w3 = 0.6"), (1, 3, "w4 = 0.8"),
                     (2, 4, "w5 = 0.5"), (3, 4, "w7 = 0.9"), (2, 5, "w6 = 0.25"), (3, 5, "w8 = 0.15")]
            .map { GraphDiagram.Edge(from: $0.0, to: $0.1, label: $0.2) }
        let diagram = try GraphDiagram(nodes: nodes, edges: edges)
        let canvas = try XCTUnwrap(Canvas.measuring())
        let layout = GraphLayout(diagram: diagram) { canvas.textWidth($0, size: $1) }
        let labels = zip(layout.routes, edges).map { route, edge in
            GraphLayout.labelRect(along: route, width: canvas.textWidth(edge.label ?? "", size: GraphLayout.detailSize))
        }
        let boxes = layout.boxes.map { Rect(x: $0.x - $0.width / 2, y: $0.y, width: $0.width, height: $0.height) }
        for (i, label) in labels.enumerated() {
            for j in labels.indices where j > i {
                XCTAssertFalse(label.intersects(labels[j]), "\(edges[i].label ?? "") overlaps \(edges[j].label ?? "")")
            }
            for (box, node) in zip(boxes, layout.boxes) {
                XCTAssertFalse(label.intersects(box), "\(edges[i].label ?? "") overlaps \(node.node.label)")
            }
        }
    }
}
