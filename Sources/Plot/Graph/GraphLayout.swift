import Foundation

/// A layered drawing of a `GraphDiagram` (Sugiyama style): layers by longest path, virtual
/// points on edges that skip layers, barycentre sweeps against crossings, then positions pulled
/// toward neighbours without overlapping.
struct GraphLayout {
    struct Box {
        var node: GraphDiagram.Node
        var x: Double  // centre
        var y: Double  // top
        var width: Double
        var height: Double
    }

    static let layerGap = 46.0
    static let nodeGap = 18.0
    /// The gaps when edges carry labels: room for a label beside each edge.
    static let labelledLayerGap = 90.0
    static let labelledNodeGap = 100.0
    static let labelSize = 11.5
    static let detailSize = 9.5

    private(set) var boxes: [Box] = []
    /// Each edge as a list of points from the bottom of its source to the top of its target.
    private(set) var routes: [[(Double, Double)]] = []
    private(set) var size: (width: Double, height: Double) = (0, 0)

    init(diagram: GraphDiagram, measure: (String, Double) -> Double) {
        guard let layerOf = diagram.layers(), !diagram.nodes.isEmpty else { return }
        let labelled = diagram.edges.contains { $0.label != nil }
        let layerGap = labelled ? Self.labelledLayerGap : Self.layerGap
        let nodeGap = labelled ? Self.labelledNodeGap : Self.nodeGap
        // Items per layer: real nodes (index >= 0) and virtual edge points (index < 0).
        var widths: [Int: Double] = [:]
        var heights: [Int: Double] = [:]
        for node in diagram.nodes {
            let label = measure(node.label, Self.labelSize)
            let detail = node.detail.map { measure($0, Self.detailSize) } ?? 0
            widths[node.id] = max(label, detail) + 18
            heights[node.id] = node.detail == nil ? 24 : 38
        }
        let depth = (layerOf.values.max() ?? 0) + 1
        var layers = [[Int]](repeating: [], count: depth)
        var seen = Set<Int>()
        for node in diagram.nodes where seen.insert(node.id).inserted { layers[layerOf[node.id] ?? 0].append(node.id) }
        var chains: [[Int]] = []
        var nextVirtual = -1
        var links: [(Int, Int)] = []
        for edge in diagram.edges {
            let a = layerOf[edge.from] ?? 0, b = layerOf[edge.to] ?? 0
            var chain = [edge.from]
            if b > a + 1 {
                for layer in (a + 1)..<b {
                    layers[layer].append(nextVirtual)
                    widths[nextVirtual] = 4
                    chain.append(nextVirtual)
                    nextVirtual -= 1
                }
            }
            chain.append(edge.to)
            for (u, v) in zip(chain, chain.dropFirst()) { links.append((u, v)) }
            chains.append(chain)
        }
        var above: [Int: [Int]] = [:], below: [Int: [Int]] = [:]
        for (u, v) in links {
            below[u, default: []].append(v)
            above[v, default: []].append(u)
        }

        // Order within layers: barycentre sweeps down and up.
        var order: [Int: Double] = [:]
        func renumber(_ layer: Int) { for (i, id) in layers[layer].enumerated() { order[id] = Double(i) } }
        for layer in 0..<depth { renumber(layer) }
        for sweep in 0..<6 {
            let down = sweep % 2 == 0
            for layer in down ? Array(1..<depth) : Array((0..<max(depth - 1, 0)).reversed()) {
                let neighbours = down ? above : below
                layers[layer].sort { a, b in
                    func centre(_ id: Int) -> Double {
                        let list = neighbours[id] ?? []
                        return list.isEmpty ? order[id] ?? 0 : list.map { order[$0] ?? 0 }.reduce(0, +) / Double(list.count)
                    }
                    return centre(a) < centre(b)
                }
                renumber(layer)
            }
        }

        // Positions: pack each layer, then pull toward neighbours' mean and resolve overlaps.
        var x: [Int: Double] = [:]
        for layer in layers {
            var cursor = 0.0
            for id in layer {
                let w = widths[id] ?? 4
                x[id] = cursor + w / 2
                cursor += w + nodeGap
            }
            let shift = (cursor - nodeGap) / 2
            for id in layer { x[id, default: 0] -= shift }
        }
        for iteration in 0..<8 {
            for layer in iteration % 2 == 0 ? Array(0..<depth) : Array((0..<depth).reversed()) {
                for id in layers[layer] {
                    let neighbours = (above[id] ?? []) + (below[id] ?? [])
                    guard !neighbours.isEmpty else { continue }
                    x[id] = neighbours.map { x[$0] ?? 0 }.reduce(0, +) / Double(neighbours.count)
                }
                // Keep the sorted order and the gaps: push right, then centre the shift.
                let ids = layers[layer]
                guard ids.count > 1 else { continue }
                let desired = ids.map { x[$0] ?? 0 }
                var placed = desired
                for i in 1..<ids.count {
                    let minimum = placed[i - 1] + ((widths[ids[i - 1]] ?? 4) + (widths[ids[i]] ?? 4)) / 2 + nodeGap
                    placed[i] = max(placed[i], minimum)
                }
                let drift = zip(placed, desired).map { $0 - $1 }.reduce(0, +) / Double(ids.count)
                for (i, id) in ids.enumerated() { x[id] = placed[i] - drift }
            }
        }

        var layerTop = [Double](repeating: 0, count: depth)
        var cursor = 0.0
        for layer in 0..<depth {
            layerTop[layer] = cursor
            cursor += (layers[layer].compactMap { heights[$0] }.max() ?? 24) + layerGap
        }
        var minX = Double.infinity, maxX = -Double.infinity
        for id in layers.joined() {
            let centre: Double = x[id] ?? 0
            let half: Double = (widths[id] ?? 4) / 2
            minX = Swift.min(minX, centre - half)
            maxX = Swift.max(maxX, centre + half)
        }
        size = (width: maxX - minX, height: cursor - layerGap)
        var placed: [Int: Box] = [:]
        for node in diagram.nodes where placed[node.id] == nil {
            let layer = layerOf[node.id] ?? 0
            let h = heights[node.id] ?? 24
            let top = layerTop[layer] + ((layers[layer].compactMap { heights[$0] }.max() ?? h) - h) / 2
            placed[node.id] = Box(node: node, x: (x[node.id] ?? 0) - minX, y: top, width: widths[node.id] ?? 40, height: h)
        }
        boxes = diagram.nodes.compactMap { placed[$0.id] }.reduce(into: [Box]()) { list, box in
            if !list.contains(where: { $0.node.id == box.node.id }) { list.append(box) }
        }
        routes = chains.map { chain in
            chain.enumerated().map { index, id -> (Double, Double) in
                let px = (x[id] ?? 0) - minX
                if let box = placed[id] {
                    return (px, index == 0 ? box.y + box.height : box.y)
                }
                let layer = layers.firstIndex { $0.contains(id) } ?? 0
                return (px, layerTop[layer] + 12)
            }
        }
    }

    /// Where an edge's label goes, for text `width` wide: on the first leg of its route, halfway
    /// along a (nearly) vertical edge and a third of the way along a slanted one, so the labels of
    /// two edges that cross do not meet where they cross. The point is on the leg's Bézier curve
    /// (vertical tangents at both ends, as `GraphRenderer` draws it).
    static func labelRect(along route: [(Double, Double)], width: Double) -> Rect {
        let (start, end) = (route[0], route[1])
        let t = abs(end.0 - start.0) < abs(end.1 - start.1) / 4 ? 0.5 : 0.3
        let bend = (end.1 - start.1) / 2
        let (a, b, c, d) = ((1 - t) * (1 - t) * (1 - t), 3 * (1 - t) * (1 - t) * t, 3 * (1 - t) * t * t, t * t * t)
        let x = (a + b) * start.0 + (c + d) * end.0
        let y = a * start.1 + b * (start.1 + bend) + c * (end.1 - bend) + d * end.1
        return Rect(x: x - width / 2 - 3, y: y - 7, width: width + 6, height: 14)
    }
}
