/// The credentials file NEAR tools write (`~/.near-credentials/<network>/<account>.json`):
/// `{"account_id", "public_key", "private_key"}` (some tools write `secret_key`). Reading checks
/// that the secret key belongs to the public key.
public struct KeyFile: Sendable {
    public var accountId: String
    public var secretKey: SecretKey
    public var publicKey: PublicKey { secretKey.publicKey }

    public init(accountId: String, secretKey: SecretKey) {
        self.accountId = accountId
        self.secretKey = secretKey
    }
}

extension KeyFile: Codable {
    enum CodingKeys: String, CodingKey {
        case accountId = "account_id"
        case publicKey = "public_key"
        case privateKey = "private_key"
        case secretKey = "secret_key"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accountId = try c.decode(String.self, forKey: .accountId)
        let text = try c.decodeIfPresent(String.self, forKey: .privateKey) ?? c.decode(String.self, forKey: .secretKey)
        do { secretKey = try SecretKey(text) } catch {
            throw DecodingError.dataCorruptedError(forKey: .privateKey, in: c, debugDescription: error.description)
        }
        if let stated = try c.decodeIfPresent(PublicKey.self, forKey: .publicKey), stated != secretKey.publicKey {
            throw DecodingError.dataCorruptedError(
                forKey: .publicKey, in: c,
                debugDescription: "public_key \(stated) does not belong to the private key (which gives \(secretKey.publicKey))")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountId, forKey: .accountId)
        try c.encode(publicKey, forKey: .publicKey)
        try c.encode(secretKey.nearString, forKey: .privateKey)
    }
}
