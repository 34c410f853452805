import Foundation

/// Draws a `GraphLayout`: curved arrows first, then boxes coloured by node kind, scaled down
/// (never up) to fit the frame and centred in it.
struct GraphRenderer {
    let diagram: GraphDiagram

    /// The natural size of the drawing, for sizing a figure around it.
    static func naturalSize(of diagram: GraphDiagram, canvas: Canvas) -> (width: Double, height: Double) {
        let layout = GraphLayout(diagram: diagram) { canvas.textWidth($0, size: $1) }
        return layout.size
    }

    func draw(on canvas: Canvas, in frame: Rect) {
        let layout = GraphLayout(diagram: diagram) { canvas.textWidth($0, size: $1) }
        let area = frame.inset(Theme.margin)
        guard layout.size.width > 0, layout.size.height > 0 else {
            canvas.text("empty graph", x: frame.midX, y: frame.midY, size: Theme.noteSize, color: .mutedText,
                        horizontal: .center, vertical: .middle)
            return
        }
        let scale = min(1, area.width / layout.size.width, area.height / layout.size.height)
        canvas.save()
        canvas.translate(area.midX - layout.size.width * scale / 2, area.midY - layout.size.height * scale / 2)
        canvas.scale(scale)
        let edgeColor = Color(hex: 0x6E6E6E)
        canvas.setColor(edgeColor)
        canvas.setLine(width: 1.1)
        for route in layout.routes {
            guard var previous = route.first else { continue }
            canvas.move(previous.0, previous.1)
            for point in route.dropFirst() {
                let lastLeg = point.1 == route.last?.1 && point.0 == route.last?.0
                let end = (point.0, lastLeg ? point.1 - 5 : point.1)
                let bend = (end.1 - previous.1) / 2
                canvas.curve(previous.0, previous.1 + bend, end.0, end.1 - bend, end.0, end.1)
                previous = end
            }
            canvas.stroke()
        }
        for route in layout.routes {
            guard let tip = route.last else { continue }
            canvas.move(tip.0, tip.1)
            canvas.line(tip.0 - 3.8, tip.1 - 7)
            canvas.line(tip.0 + 3.8, tip.1 - 7)
            canvas.close()
        }
        canvas.fill()
        for (route, edge) in zip(layout.routes, diagram.edges) {
            guard let label = edge.label, route.count > 1 else { continue }
            drawLabel(label, on: canvas, along: route)
        }
        for box in layout.boxes {
            let rect = Rect(x: box.x - box.width / 2, y: box.y, width: box.width, height: box.height)
            let (fill, border) = Self.colors(box.node.kind)
            roundedRectangle(canvas, rect, radius: box.node.kind == .operation ? 4 : 2)
            canvas.setColor(fill)
            canvas.fillPreserve()
            canvas.setColor(border)
            canvas.setLine(width: 1)
            canvas.stroke()
            if let detail = box.node.detail {
                canvas.text(box.node.label, x: box.x, y: rect.minY + 7, size: GraphLayout.labelSize,
                            horizontal: .center, vertical: .top)
                canvas.text(detail, x: box.x, y: rect.maxY - 7, size: GraphLayout.detailSize, color: .mutedText,
                            horizontal: .center, vertical: .bottom)
            } else {
                canvas.text(box.node.label, x: box.x, y: rect.midY, size: GraphLayout.labelSize,
                            horizontal: .center, vertical: .middle)
            }
        }
        canvas.restore()
    }

    /// An edge's label on a white patch (`GraphLayout.labelRect`).
    private func drawLabel(_ label: String, on canvas: Canvas, along route: [(Double, Double)]) {
        let rect = GraphLayout.labelRect(along: route, width: canvas.textWidth(label, size: GraphLayout.detailSize))
        canvas.rectangle(rect)
        canvas.setColor(.white)
        canvas.fill()
        canvas.text(label, x: rect.midX, y: rect.midY, size: GraphLayout.detailSize, color: .ink,
                    horizontal: .center, vertical: .middle)
    }

    /// Fill and border per kind: weights blue like torchviz's leaves, the result green.
    static func colors(_ kind: GraphDiagram.Kind) -> (Color, Color) {
        switch kind {
        case .input: return (Color(hex: 0xF4F4F4), Color(hex: 0x9E9E9E))
        case .parameter: return (Palette.color(5).mixed(with: .white, 0.7), Palette.color(0))
        case .operation: return (.white, Color(hex: 0x595959))
        case .output: return (Palette.color(2).mixed(with: .white, 0.7), Palette.color(2))
        }
    }
}
