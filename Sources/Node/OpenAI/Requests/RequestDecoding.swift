import Foundation
import Hummingbird

/// Decodes a request body, turning every way it can be wrong into a 400 that names the field
/// and says what was expected, instead of the decoder's internal vocabulary.
enum RequestDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        guard body.readableBytes > 0 else {
            throw APIError.invalid(nil, "malformed JSON: the request body is empty; expected a JSON object")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch let error as APIError {
            throw error
        } catch let error as DecodingError {
            throw APIError(error)
        } catch {
            throw APIError.invalid(nil, "malformed JSON: \(error)")
        }
    }
}

extension APIError {
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            let path = FieldPath(context.codingPath)
            if context.codingPath.isEmpty {
                self = .invalid(nil, "malformed request: the body must be a JSON object")
            } else {
                self = .invalid(path.description, "invalid type for `\(path)`: expected \(Self.expectation(type))")
            }
        case .valueNotFound(let type, let context):
            let path = FieldPath(context.codingPath)
            self = .invalid(path.description, "`\(path)` must not be null: expected \(Self.expectation(type))")
        case .keyNotFound(let key, let context):
            let path = FieldPath(context.codingPath, key)
            self = .invalid(path.description, "missing required field `\(path)`")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let reason = (context.underlyingError.map { "\($0)" }) ?? context.debugDescription
                self = .invalid(nil, "malformed JSON: \(reason)")
            } else {
                let path = FieldPath(context.codingPath)
                self = .invalid(path.description, "invalid value for `\(path)`: \(context.debugDescription)")
            }
        @unknown default:
            self = .invalid(nil, "malformed request: \(error)")
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default:
            "\(type)".hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
