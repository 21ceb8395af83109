import Foundation

/// Intel TCB info (PCS `/tdx/certification/v4/tcb`, TCB info version 3 with `id` "TDX"): for one
/// FMSPC, the TCB levels a platform's SVNs are matched against, and the TDX module identities.
public struct TCBInfo: Sendable, Codable, Equatable {
    public struct Component: Sendable, Codable, Equatable {
        public var svn: UInt8
        public var category: String?
        public var type: String?
        public init(svn: UInt8, category: String? = nil, type: String? = nil) {
            self.svn = svn; self.category = category; self.type = type
        }
    }

    public struct TCB: Sendable, Codable, Equatable {
        public var sgxtcbcomponents: [Component]
        public var pcesvn: UInt16
        public var tdxtcbcomponents: [Component]?
        public init(sgxtcbcomponents: [Component], pcesvn: UInt16, tdxtcbcomponents: [Component]?) {
            self.sgxtcbcomponents = sgxtcbcomponents; self.pcesvn = pcesvn; self.tdxtcbcomponents = tdxtcbcomponents
        }
    }

    public struct Level: Sendable, Codable, Equatable {
        public var tcb: TCB
        public var tcbDate: String
        public var tcbStatus: TCBStatus
        public var advisoryIDs: [String]?
        public init(tcb: TCB, tcbDate: String, tcbStatus: TCBStatus, advisoryIDs: [String]? = nil) {
            self.tcb = tcb; self.tcbDate = tcbDate; self.tcbStatus = tcbStatus; self.advisoryIDs = advisoryIDs
        }
    }

    public struct TDXModule: Sendable, Codable, Equatable {
        public var mrsigner: String
        public var attributes: String
        public var attributesMask: String
        public init(mrsigner: String, attributes: String, attributesMask: String) {
            self.mrsigner = mrsigner; self.attributes = attributes; self.attributesMask = attributesMask
        }
    }

    public struct ModuleLevel: Sendable, Codable, Equatable {
        public struct ISVSVN: Sendable, Codable, Equatable { public var isvsvn: UInt8; public init(isvsvn: UInt8) { self.isvsvn = isvsvn } }
        public var tcb: ISVSVN
        public var tcbDate: String
        public var tcbStatus: TCBStatus
        public var advisoryIDs: [String]?
        public init(isvsvn: UInt8, tcbDate: String, tcbStatus: TCBStatus, advisoryIDs: [String]? = nil) {
            self.tcb = ISVSVN(isvsvn: isvsvn); self.tcbDate = tcbDate; self.tcbStatus = tcbStatus; self.advisoryIDs = advisoryIDs
        }
    }

    public struct TDXModuleIdentity: Sendable, Codable, Equatable {
        public var id: String
        public var mrsigner: String
        public var attributes: String
        public var attributesMask: String
        public var tcbLevels: [ModuleLevel]
        public init(id: String, mrsigner: String, attributes: String, attributesMask: String, tcbLevels: [ModuleLevel]) {
            self.id = id; self.mrsigner = mrsigner; self.attributes = attributes; self.attributesMask = attributesMask; self.tcbLevels = tcbLevels
        }
    }

    public var id: String
    public var version: Int
    public var issueDate: String
    public var nextUpdate: String
    public var fmspc: String
    public var pceId: String
    public var tcbType: Int
    public var tcbEvaluationDataNumber: Int
    public var tdxModule: TDXModule?
    public var tdxModuleIdentities: [TDXModuleIdentity]?
    public var tcbLevels: [Level]

    public init(id: String = "TDX", version: Int = 3, issueDate: String, nextUpdate: String, fmspc: String, pceId: String,
                tcbType: Int = 0, tcbEvaluationDataNumber: Int, tdxModule: TDXModule?, tdxModuleIdentities: [TDXModuleIdentity]?, tcbLevels: [Level]) {
        self.id = id; self.version = version; self.issueDate = issueDate; self.nextUpdate = nextUpdate; self.fmspc = fmspc
        self.pceId = pceId; self.tcbType = tcbType; self.tcbEvaluationDataNumber = tcbEvaluationDataNumber
        self.tdxModule = tdxModule; self.tdxModuleIdentities = tdxModuleIdentities; self.tcbLevels = tcbLevels
    }

    public static func decode(_ json: String) throws(CollateralError) -> TCBInfo {
        do { return try JSONDecoder().decode(TCBInfo.self, from: Data(json.utf8)) } catch {
            throw .malformed(field: "tcb_info", reason: "\(error)")
        }
    }
}
