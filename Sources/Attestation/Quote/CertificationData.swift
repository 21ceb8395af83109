/// A certification-data block (`sgx_ql_certification_data_t`): a type, a u32 size and that many bytes.
///
/// Type 5 carries the PCK certificate chain as concatenated PEM (leaf first); type 6 wraps the QE
/// report, its signature, the QE authentication data and a nested certification-data block.
public struct CertificationData: Sendable, Equatable, Hashable {
    public static let pckCertChainType: UInt16 = 5
    public static let qeReportType: UInt16 = 6

    public var type: UInt16
    public var data: [UInt8] { get { Array(view) } set { view = newValue[...] } }
    /// The data as a view of the buffer it was parsed from (no copy).
    private(set) var view: ArraySlice<UInt8>

    public init(type: UInt16, data: [UInt8]) {
        self.init(type: type, view: data[...])
    }

    init(type: UInt16, view: ArraySlice<UInt8>) {
        self.type = type
        self.view = view
    }

    static func parse(_ r: inout ByteReader, field: @autoclosure () -> String) throws(QuoteParseError) -> CertificationData {
        let type = try r.u16("\(field()).type")
        let size = Int(try r.u32("\(field()).size"))
        guard size <= r.remaining else {
            throw .lengthOutOfBounds(field: "\(field()).size", declared: size, available: r.remaining)
        }
        let at = try r.take(size, field: "\(field()).data")
        return CertificationData(type: type, view: r.bytes.slice(at, size))
    }

    func serialize(into out: inout [UInt8]) {
        out.appendLE16(type)
        out.appendLE32(UInt32(view.count))
        out.append(contentsOf: view)
    }
}
