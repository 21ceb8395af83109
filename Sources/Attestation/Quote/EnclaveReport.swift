/// An SGX enclave report (`sgx_report_body_t`, 384 bytes); in a TDX quote this is the Quoting
/// Enclave's report, signed by the PCK key, whose REPORTDATA binds the attestation key.
public struct EnclaveReport: Sendable, Equatable, Hashable {
    public static let size = 384
    public private(set) var bytes: [UInt8]

    public init() { bytes = [UInt8](repeating: 0, count: Self.size) }

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.size else { return nil }
        self.bytes = bytes
    }

    private func get(_ offset: Int, _ count: Int) -> [UInt8] { Array(bytes[offset ..< offset + count]) }
    private mutating func set(_ offset: Int, _ count: Int, _ value: [UInt8]) {
        bytes.replaceSubrange(offset ..< offset + count, with: value.padded(to: count))
    }

    public var cpuSVN: [UInt8] { get { get(0, 16) } set { set(0, 16, newValue) } }
    public var miscSelect: UInt32 {
        get { bytes.le32(at: 16) }
        set { var b = [UInt8](); b.appendLE32(newValue); set(16, 4, b) }
    }
    public var attributes: [UInt8] { get { get(48, 16) } set { set(48, 16, newValue) } }
    public var mrEnclave: [UInt8] { get { get(64, 32) } set { set(64, 32, newValue) } }
    public var mrSigner: [UInt8] { get { get(128, 32) } set { set(128, 32, newValue) } }
    public var isvProdID: UInt16 {
        get { bytes.le16(at: 256) }
        set { var b = [UInt8](); b.appendLE16(newValue); set(256, 2, b) }
    }
    public var isvSVN: UInt16 {
        get { bytes.le16(at: 258) }
        set { var b = [UInt8](); b.appendLE16(newValue); set(258, 2, b) }
    }
    public var reportData: [UInt8] { get { get(320, 64) } set { set(320, 64, newValue) } }
}
