import NearLightClient

/// `query view_access_key`: the key's nonce (the next transaction must use a larger one) and
/// its permission, at a block.
public struct AccessKeyView: Hashable, Sendable, Decodable {
    public var nonce: UInt64
    public var permission: AccessKeyPermission
    /// Absent in the entries of `view_access_key_list`.
    public var blockHeight: UInt64?
    public var blockHash: CryptoHash?

    enum CodingKeys: String, CodingKey {
        case nonce, permission
        case blockHeight = "block_height"
        case blockHash = "block_hash"
    }

    enum PermissionKeys: String, CodingKey {
        case functionCall = "FunctionCall"
    }

    enum FunctionCallKeys: String, CodingKey {
        case allowance
        case receiverId = "receiver_id"
        case methodNames = "method_names"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nonce = try c.nearU64(.nonce)
        blockHeight = c.contains(.blockHeight) ? try c.nearU64(.blockHeight) : nil
        blockHash = try c.decodeIfPresent(CryptoHash.self, forKey: .blockHash)
        if let text = try? c.decode(String.self, forKey: .permission) {
            guard text == "FullAccess" else {
                throw DecodingError.dataCorruptedError(
                    forKey: .permission, in: c, debugDescription: "permission '\(text)', expected \"FullAccess\" or {\"FunctionCall\": …}")
            }
            permission = .fullAccess
            return
        }
        let p = try c.nestedContainer(keyedBy: PermissionKeys.self, forKey: .permission)
        let f = try p.nestedContainer(keyedBy: FunctionCallKeys.self, forKey: .functionCall)
        // `allowance: null` (or absent) is an unlimited allowance.
        var allowance: UInt128?
        if f.contains(.allowance), try !f.decodeNil(forKey: .allowance) { allowance = try f.nearU128(.allowance) }
        permission = .functionCall(FunctionCallPermission(
            allowance: allowance, receiverId: try f.decode(String.self, forKey: .receiverId),
            methodNames: try f.decode([String].self, forKey: .methodNames)))
    }
}

/// One entry of `query view_access_key_list`.
public struct AccessKeyInfo: Hashable, Sendable, Decodable {
    public var publicKey: PublicKey
    public var accessKey: AccessKeyView

    enum CodingKeys: String, CodingKey {
        case publicKey = "public_key"
        case accessKey = "access_key"
    }
}
