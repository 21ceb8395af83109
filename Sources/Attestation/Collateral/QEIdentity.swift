import Foundation

/// Intel QE identity (PCS `/tdx/certification/v4/qe/identity`, id "TD_QE"): which Quoting Enclave
/// (MRSIGNER, ISVPRODID, masked MISCSELECT and ATTRIBUTES) may sign quotes, and the TCB status per ISVSVN.
public struct QEIdentity: Sendable, Codable, Equatable {
    public struct Level: Sendable, Codable, Equatable {
        public struct ISVSVN: Sendable, Codable, Equatable { public var isvsvn: UInt16; public init(isvsvn: UInt16) { self.isvsvn = isvsvn } }
        public var tcb: ISVSVN
        public var tcbDate: String
        public var tcbStatus: TCBStatus
        public var advisoryIDs: [String]?
        public init(isvsvn: UInt16, tcbDate: String, tcbStatus: TCBStatus, advisoryIDs: [String]? = nil) {
            self.tcb = ISVSVN(isvsvn: isvsvn); self.tcbDate = tcbDate; self.tcbStatus = tcbStatus; self.advisoryIDs = advisoryIDs
        }
    }

    public var id: String
    public var version: Int
    public var issueDate: String
    public var nextUpdate: String
    public var tcbEvaluationDataNumber: Int
    public var miscselect: String
    public var miscselectMask: String
    public var attributes: String
    public var attributesMask: String
    public var mrsigner: String
    public var isvprodid: UInt16
    public var tcbLevels: [Level]

    public init(id: String = "TD_QE", version: Int = 2, issueDate: String, nextUpdate: String, tcbEvaluationDataNumber: Int,
                miscselect: String, miscselectMask: String, attributes: String, attributesMask: String, mrsigner: String,
                isvprodid: UInt16, tcbLevels: [Level]) {
        self.id = id; self.version = version; self.issueDate = issueDate; self.nextUpdate = nextUpdate
        self.tcbEvaluationDataNumber = tcbEvaluationDataNumber; self.miscselect = miscselect; self.miscselectMask = miscselectMask
        self.attributes = attributes; self.attributesMask = attributesMask; self.mrsigner = mrsigner; self.isvprodid = isvprodid
        self.tcbLevels = tcbLevels
    }

    public static func decode(_ json: String) throws(CollateralError) -> QEIdentity {
        do { return try JSONDecoder().decode(QEIdentity.self, from: Data(json.utf8)) } catch {
            throw .malformed(field: "qe_identity", reason: "\(error)")
        }
    }
}
