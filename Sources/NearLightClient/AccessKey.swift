/// nearcore's `AccessKey`: the key's nonce (each transaction must use a larger one) and what it
/// may do.
public struct AccessKey: Hashable, Sendable {
    public var nonce: UInt64
    public var permission: AccessKeyPermission

    public init(nonce: UInt64 = 0, permission: AccessKeyPermission) {
        self.nonce = nonce
        self.permission = permission
    }

    public static let fullAccess = AccessKey(nonce: 0, permission: .fullAccess)
}

extension AccessKey: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(nonce)
        writer.write(permission)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        nonce = try reader.readU64("access key nonce")
        permission = try reader.read()
    }
}
