/// The 48-byte header common to quote versions 3–5 (`sgx_quote_4.h`, `sgx_quote_header_t`).
public struct QuoteHeader: Sendable, Equatable, Hashable {
    public static let size = 48
    /// Intel's QE vendor ID; quotes from any other QE are not DCAP quotes we can verify.
    public static let intelQEVendorID: [UInt8] = [0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07]
    public static let teeTypeTDX: UInt32 = 0x81
    public static let attestationKeyECDSAP256: UInt16 = 2

    public var version: UInt16
    public var attestationKeyType: UInt16
    public var teeType: UInt32
    public var qeSVN: UInt16
    public var pceSVN: UInt16
    public var qeVendorID: [UInt8] { get { Array(vendorView) } set { vendorView = newValue.padded(to: 16)[...] } }
    public var userData: [UInt8] { get { Array(userDataView) } set { userDataView = newValue.padded(to: 20)[...] } }
    /// Views of the parsed quote's buffer (no copy).
    private var vendorView: ArraySlice<UInt8>
    private var userDataView: ArraySlice<UInt8>

    public init(version: UInt16, attestationKeyType: UInt16 = 2, teeType: UInt32 = 0x81, qeSVN: UInt16 = 0, pceSVN: UInt16 = 0,
                qeVendorID: [UInt8] = QuoteHeader.intelQEVendorID, userData: [UInt8] = Array(repeating: 0, count: 20)) {
        self.version = version
        self.attestationKeyType = attestationKeyType
        self.teeType = teeType
        self.qeSVN = qeSVN
        self.pceSVN = pceSVN
        self.vendorView = qeVendorID.padded(to: 16)[...]
        self.userDataView = userData.padded(to: 20)[...]
    }

    init(bytes b: [UInt8], at o: Int) {
        version = b.le16(at: o)
        attestationKeyType = b.le16(at: o + 2)
        teeType = b.le32(at: o + 4)
        qeSVN = b.le16(at: o + 8)
        pceSVN = b.le16(at: o + 10)
        vendorView = b.slice(o + 12, 16)
        userDataView = b.slice(o + 28, 20)
    }

    func serialize(into out: inout [UInt8]) {
        out.appendLE16(version)
        out.appendLE16(attestationKeyType)
        out.appendLE32(teeType)
        out.appendLE16(qeSVN)
        out.appendLE16(pceSVN)
        out.append(contentsOf: vendorView)
        out.append(contentsOf: userDataView)
    }
}

extension Array where Element == UInt8 {
    /// The first `n` bytes, zero-padded: fixed-width fields never change the layout.
    func padded(to n: Int) -> [UInt8] {
        count >= n ? Array(self[0 ..< n]) : self + [UInt8](repeating: 0, count: n - count)
    }
}
