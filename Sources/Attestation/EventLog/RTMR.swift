import Crypto

/// TDX runtime measurement registers: 48-byte SHA-384 accumulators, extended as
/// RTMR := SHA-384(RTMR ‖ digest), starting from zero.
public enum RTMR {
    public static let zero = [UInt8](repeating: 0, count: 48)

    public static func extend(_ current: [UInt8], with digest: [UInt8]) -> [UInt8] {
        var h = SHA384()
        h.update(data: current)
        h.update(data: digest.padded(to: 48))
        return Array(h.finalize())
    }
}
