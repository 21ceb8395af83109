/// NEAR amounts as people write them (`1.5` NEAR) and as the chain counts them (yoctoNEAR,
/// 10^-24 NEAR, in `UInt128`). Conversions are exact decimal string arithmetic: a `Double`
/// holds 15–17 digits and NEAR balances need up to 39.
public enum YoctoNear {
    public static let perNear: UInt128 = 1_000_000_000_000_000_000_000_000
    static let decimals = 24

    /// Parses a NEAR amount such as `1`, `1.5` or `0.000000000000000000000001` (at most 24
    /// fractional digits) into yoctoNEAR.
    public static func parse(near text: String) throws(YoctoNearError) -> UInt128 {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !(whole.isEmpty && (parts.count == 1 || parts[1].isEmpty)) else {
            throw .invalid(text, reason: "expected digits with at most one decimal point, e.g. 1.5")
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= decimals else {
            throw .invalid(text, reason: "\(fraction.count) decimal places, NEAR has at most \(decimals)")
        }
        guard (whole + fraction).utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .invalid(text, reason: "expected only digits and one decimal point, e.g. 1.5")
        }
        let digits = whole + fraction + String(repeating: "0", count: decimals - fraction.count)
        return try parse(yocto: String(digits))
    }

    /// Parses a whole number of yoctoNEAR.
    public static func parse(yocto text: String) throws(YoctoNearError) -> UInt128 {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw .invalid(text, reason: "expected a whole number of yoctoNEAR (digits only)")
        }
        var value: UInt128 = 0
        for char in text.utf8 {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt128(char - UInt8(ascii: "0")))
            guard !o1 && !o2 else { throw .invalid(text, reason: "larger than the largest u128 amount") }
            value = sum
        }
        return value
    }

    /// `1500000000000000000000000` → `1.5`; exact, trailing zeros dropped.
    public static func format(_ yocto: UInt128) -> String {
        let whole = yocto / perNear
        let fraction = String(yocto % perNear)
        guard fraction != "0" else { return String(whole) }
        var digits = String(repeating: "0", count: decimals - fraction.count) + fraction
        while digits.last == "0" { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

public enum YoctoNearError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(text, reason): "amount '\(text.prefix(60))' is not valid: \(reason)"
        }
    }
}
