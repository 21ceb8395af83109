/// An SGX enclave report (`sgx_report_body_t`, 384 bytes); in a TDX quote this is the Quoting
/// Enclave's report, signed by the PCK key, whose REPORTDATA binds the attestation key.
public struct EnclaveReport: Sendable, Equatable, Hashable {
    public static let size = 384
    /// A view of the buffer the report was parsed from (no copy).
    private var storage: ArraySlice<UInt8>
    /// The report's bytes (a copy).
    public var bytes: [UInt8] { Array(storage) }

    public init() { storage = [UInt8](repeating: 0, count: Self.size)[...] }

    public init?(bytes: [UInt8]) {
        self.init(view: bytes[...])
    }

    init?(view: ArraySlice<UInt8>) {
        guard view.count == Self.size else { return nil }
        storage = view
    }

    private func get(_ offset: Int, _ count: Int) -> [UInt8] { storage.field(offset, count) }
    private mutating func set(_ offset: Int, _ count: Int, _ value: [UInt8]) {
        storage.replaceField(offset, count, with: value)
    }

    public var cpuSVN: [UInt8] { get { get(0, 16) } set { set(0, 16, newValue) } }
    public var miscSelect: UInt32 {
        get { get(16, 4).le32(at: 0) }
        set { var b = [UInt8](); b.appendLE32(newValue); set(16, 4, b) }
    }
    public var attributes: [UInt8] { get { get(48, 16) } set { set(48, 16, newValue) } }
    public var mrEnclave: [UInt8] { get { get(64, 32) } set { set(64, 32, newValue) } }
    public var mrSigner: [UInt8] { get { get(128, 32) } set { set(128, 32, newValue) } }
    public var isvProdID: UInt16 {
        get { get(256, 2).le16(at: 0) }
        set { var b = [UInt8](); b.appendLE16(newValue); set(256, 2, b) }
    }
    public var isvSVN: UInt16 {
        get { get(258, 2).le16(at: 0) }
        set { var b = [UInt8](); b.appendLE16(newValue); set(258, 2, b) }
    }
    public var reportData: [UInt8] { get { get(320, 64) } set { set(320, 64, newValue) } }
}
