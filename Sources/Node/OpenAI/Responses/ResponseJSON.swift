import Foundation
import Hummingbird

/// The one place response JSON is produced. Keys are sorted and slashes left unescaped, so the
/// same value always gives the same bytes: responses are signed over exactly these bytes.
enum ResponseJSON {
    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(value))
        } catch {
            // Only non-finite floats can fail to encode, and responses carry none.
            preconditionFailure("response JSON failed to encode: \(error)")
        }
    }
}
