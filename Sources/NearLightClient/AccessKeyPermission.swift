/// nearcore's `AccessKeyPermission`: borsh tag 0 FunctionCall, 1 FullAccess.
public enum AccessKeyPermission: Hashable, Sendable {
    case functionCall(FunctionCallPermission)
    case fullAccess
}

extension AccessKeyPermission: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        switch self {
        case .functionCall(let permission):
            writer.write(UInt8(0))
            writer.write(permission)
        case .fullAccess:
            writer.write(UInt8(1))
        }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        switch try reader.readU8("access key permission") {
        case 0: self = .functionCall(try reader.read())
        case 1: self = .fullAccess
        case let tag: throw .invalidEnumTag(type: "AccessKeyPermission", tag: tag)
        }
    }
}
