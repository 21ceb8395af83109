/// Exact decimal parsing for NEAR amounts and counters.
///
/// NEAR's JSON carries yoctoNEAR balances (u128) as decimal strings, and heights, gas and
/// timestamps as numbers that do not survive a trip through `Double` (nanosecond timestamps need
/// 61 bits). Parsing digit by digit with overflow checks keeps every bit.
public enum NearDecimal {
    public static func parse<T: FixedWidthInteger & UnsignedInteger>(
        _ text: some StringProtocol, as type: T.Type = T.self
    ) throws(NearEncodingError) -> T {
        let utf8 = text.utf8
        guard !utf8.isEmpty else { throw .invalidDecimal(String(text), type: "\(T.self)") }
        var value: T = 0
        for char in utf8 {
            guard char >= UInt8(ascii: "0") && char <= UInt8(ascii: "9") else {
                throw .invalidDecimal(String(text), type: "\(T.self)")
            }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(T(char - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { throw .invalidDecimal(String(text), type: "\(T.self)") }
            value = sum
        }
        return value
    }
}
