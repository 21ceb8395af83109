/// The TD report carried as a TDX quote body: TD report 1.0 (584 bytes, quote v4 and v5 body type 2)
/// or TD report 1.5 (648 bytes, v5 body type 3, adding TEE_TCB_SVN2 and MRSERVICETD).
///
/// The report is kept as a view of the quote buffer it was parsed from and every field is read
/// from it on demand, so parsing copies nothing; a setter writes the field in place (used by the
/// simulated TEE).
public struct TDReport: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case td10 = "TD10"
        case td15 = "TD15"

        public var size: Int { self == .td10 ? 584 : 648 }
        /// The v5 body descriptor type (`sgx_quote_5.h`): 2 = TD report 1.0, 3 = TD report 1.5.
        public var v5BodyType: UInt16 { self == .td10 ? 2 : 3 }
    }

    public let kind: Kind
    private var storage: ArraySlice<UInt8>
    /// The report's bytes (a copy).
    public var bytes: [UInt8] { Array(storage) }

    /// A zeroed report of the given kind.
    public init(kind: Kind = .td10) {
        self.kind = kind
        self.storage = [UInt8](repeating: 0, count: kind.size)[...]
    }

    /// Wraps `bytes`, which must be exactly `kind.size` long.
    public init?(kind: Kind, bytes: [UInt8]) {
        self.init(kind: kind, view: bytes[...])
    }

    /// Wraps a view of a larger buffer (a parsed quote's), which must be exactly `kind.size` long.
    init?(kind: Kind, view: ArraySlice<UInt8>) {
        guard view.count == kind.size else { return nil }
        self.kind = kind
        self.storage = view
    }

    /// The report's bytes without copying them, for hashing and signing.
    var view: ArraySlice<UInt8> { storage }

    private func get(_ offset: Int, _ count: Int) -> [UInt8] { storage.field(offset, count) }
    private mutating func set(_ offset: Int, _ count: Int, _ value: [UInt8]) {
        storage.replaceField(offset, count, with: value)
    }

    /// TEE_TCB_SVN: byte 0 is the TDX module SVN, byte 1 its major version (module identity `TDX_0n`).
    public var teeTCBSVN: [UInt8] { get { get(0, 16) } set { set(0, 16, newValue) } }
    public var mrSeam: [UInt8] { get { get(16, 48) } set { set(16, 48, newValue) } }
    public var mrSignerSeam: [UInt8] { get { get(64, 48) } set { set(64, 48, newValue) } }
    public var seamAttributes: [UInt8] { get { get(112, 8) } set { set(112, 8, newValue) } }
    public var tdAttributesBytes: [UInt8] { get { get(120, 8) } set { set(120, 8, newValue) } }
    public var xfam: [UInt8] { get { get(128, 8) } set { set(128, 8, newValue) } }
    public var mrTD: [UInt8] { get { get(136, 48) } set { set(136, 48, newValue) } }
    public var mrConfigID: [UInt8] { get { get(184, 48) } set { set(184, 48, newValue) } }
    public var mrOwner: [UInt8] { get { get(232, 48) } set { set(232, 48, newValue) } }
    public var mrOwnerConfig: [UInt8] { get { get(280, 48) } set { set(280, 48, newValue) } }
    public var rtmr0: [UInt8] { get { get(328, 48) } set { set(328, 48, newValue) } }
    public var rtmr1: [UInt8] { get { get(376, 48) } set { set(376, 48, newValue) } }
    public var rtmr2: [UInt8] { get { get(424, 48) } set { set(424, 48, newValue) } }
    public var rtmr3: [UInt8] { get { get(472, 48) } set { set(472, 48, newValue) } }
    /// REPORTDATA: 64 bytes chosen by the TD; DCML binds its keys and the verifier's nonce here.
    public var reportData: [UInt8] { get { get(520, 64) } set { set(520, 64, newValue) } }
    /// TEE_TCB_SVN2 (TD report 1.5 only).
    public var teeTCBSVN2: [UInt8]? { kind == .td15 ? get(584, 16) : nil }
    /// MRSERVICETD (TD report 1.5 only): non-zero when a service TD (e.g. a migration TD) is bound.
    public var mrServiceTD: [UInt8]? {
        get { kind == .td15 ? get(600, 48) : nil }
        set { if kind == .td15, let v = newValue { set(600, 48, v) } }
    }

    /// RTMR `index` (0–3).
    public func rtmr(_ index: Int) -> [UInt8] {
        precondition((0 ... 3).contains(index), "RTMR index must be 0...3")
        return get(328 + 48 * index, 48)
    }

    public mutating func setRTMR(_ index: Int, _ value: [UInt8]) {
        precondition((0 ... 3).contains(index), "RTMR index must be 0...3")
        set(328 + 48 * index, 48, value)
    }

    public var tdAttributes: TDAttributes {
        get { TDAttributes(rawValue: UInt64(littleEndianBytes: tdAttributesBytes)) }
        set { tdAttributesBytes = newValue.rawValue.littleEndianBytes }
    }
}

extension UInt64 {
    init(littleEndianBytes b: [UInt8]) {
        var v: UInt64 = 0
        for (i, byte) in b.prefix(8).enumerated() { v |= UInt64(byte) << (8 * UInt64(i)) }
        self = v
    }

    var littleEndianBytes: [UInt8] { (0 ..< 8).map { UInt8((self >> (8 * UInt64($0))) & 0xff) } }
}
