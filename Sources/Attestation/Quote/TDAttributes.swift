/// TDATTRIBUTES (Intel TDX module ABI, table "TDATTRIBUTES definition"), a little-endian u64.
///
/// Bits 0–7 are TUD (TD under debug): bit 0 DEBUG, 1–7 reserved. Bits 8–31 are SEC: 8–27 reserved,
/// 28 SEPT_VE_DISABLE, 29 reserved, 30 PKS, 31 KL. Bits 32–63 are OTHER: 32–62 reserved, 63 PERFMON.
/// A debug TD exposes its memory to the host, and a TD without SEPT_VE_DISABLE can be fed #VE by the
/// host, so the verifier rejects both by default (as Intel's and Phala's verifiers do).
public struct TDAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let debug = TDAttributes(rawValue: 1 << 0)
    public static let septVEDisable = TDAttributes(rawValue: 1 << 28)
    public static let pks = TDAttributes(rawValue: 1 << 30)
    public static let keyLocker = TDAttributes(rawValue: 1 << 31)
    public static let perfmon = TDAttributes(rawValue: 1 << 63)

    /// Every bit the ABI reserves (must be zero).
    public static let reservedMask: UInt64 = 0x0000_0000_0000_00FE // TUD 1–7
        | 0x0000_0000_0FFF_FF00 // SEC 8–27
        | (1 << 29)
        | 0x7FFF_FFFF_0000_0000 // OTHER 32–62

    public var isDebug: Bool { contains(.debug) }
    public var reservedBits: UInt64 { rawValue & TDAttributes.reservedMask }
}
