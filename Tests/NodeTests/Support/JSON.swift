import Foundation
import Hummingbird

/// Loosely typed JSON for asserting on response shapes exactly as a client sees them.
struct JSON: @unchecked Sendable {
    let value: Any?

    init(_ buffer: ByteBuffer) throws {
        value = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }

    init(_ bytes: some Sequence<UInt8>) throws {
        value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    private init(value: Any?) {
        self.value = value
    }

    subscript(key: String) -> JSON { JSON(value: (value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(value: nil) }
        return JSON(value: array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var array: [JSON]? { (value as? [Any])?.map { JSON(value: $0) } }
    var keys: Set<String>? { (value as? [String: Any]).map { Set($0.keys) } }
    var isNull: Bool { value is NSNull }
    var exists: Bool { value != nil }
}

extension ByteBuffer {
    /// Builds a request body from a JSON literal written as a Swift string.
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
}
