/// An integer field. Foundation's decoder reports `1.5` or `1e30` for an `Int` as "not valid
/// JSON" without naming the field; this says which field and what was expected.
struct JSONInteger<Value: FixedWidthInteger & Decodable>: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Value.self) {
            self.value = value
            return
        }
        let path = FieldPath(decoder.codingPath)
        if let number = try? container.decode(Double.self) {
            let reason = number.rounded() == number
                ? "out of range: expected an integer from \(Value.min) to \(Value.max)"
                : "expected an integer"
            throw APIError.invalid(path.description, "invalid value for `\(path)` (\(number)): \(reason)")
        }
        // Not a number at all: the decoder's own type mismatch names the field.
        value = try container.decode(Value.self)
    }
}
