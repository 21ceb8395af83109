/// Which side the sibling hash sits on in a Merkle path step (nearcore's `Direction`).
/// `left`: node = combine(sibling, node); `right`: node = combine(node, sibling).
public enum MerkleDirection: String, Codable, Sendable, Hashable {
    case left = "Left"
    case right = "Right"
}
