/// An access key that may only call `methodNames` (all, if empty) on `receiverId`, spending at
/// most `allowance` yoctoNEAR on fees (unlimited if nil).
public struct FunctionCallPermission: Hashable, Sendable {
    public var allowance: UInt128?
    public var receiverId: String
    public var methodNames: [String]

    public init(allowance: UInt128?, receiverId: String, methodNames: [String]) {
        self.allowance = allowance
        self.receiverId = receiverId
        self.methodNames = methodNames
    }
}

extension FunctionCallPermission: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.writeOptional(allowance) { $0.write($1) }
        writer.write(receiverId)
        writer.write(methodNames)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        allowance = try reader.readOptional("allowance") { (r: inout BorshReader) throws(BorshError) in
            try r.readU128("allowance")
        }
        receiverId = try reader.readString("permission receiver id")
        methodNames = try reader.readArray("method names", minimumElementSize: 4) { (r: inout BorshReader) throws(BorshError) in
            try r.readString("method name")
        }
    }
}
