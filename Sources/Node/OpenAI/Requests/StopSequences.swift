/// OpenAI's `stop`: one string or an array of strings.
struct StopSequences: Decodable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let one = try? container.decode(String.self) {
            values = [one]
        } else if let many = try? container.decode([String].self) {
            values = many
        } else {
            throw APIError.invalid(
                FieldPath(decoder.codingPath).description,
                "invalid type for `\(FieldPath(decoder.codingPath))`: expected a string or an array of strings"
            )
        }
    }
}
