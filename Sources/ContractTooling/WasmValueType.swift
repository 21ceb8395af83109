/// The value types NEAR accepts: MVP's four numeric types (no v128, no references).
public enum WasmValueType: UInt8, Sendable, CustomStringConvertible {
    case i32 = 0x7F, i64 = 0x7E, f32 = 0x7D, f64 = 0x7C

    public var description: String {
        switch self {
        case .i32: "i32"
        case .i64: "i64"
        case .f32: "f32"
        case .f64: "f64"
        }
    }
}
