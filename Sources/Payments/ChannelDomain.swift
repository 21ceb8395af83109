import NearLightClient

/// Where a channel lives: the payment-channel contract's account and the chain it is deployed on.
///
/// Every signed message of this library names both, so a voucher or closure approval made for one
/// deployment (say the devnet) is worthless on another (mainnet) and for another contract. Both
/// fields are embedded in colon-separated messages, so neither may contain a colon: the contract is
/// a NEAR account id, the chain id is 1–64 characters of `A-Z a-z 0-9 . _ -`.
public struct ChannelDomain: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The payment-channel contract's NEAR account id (baked into the node's compose file).
    public let contract: String
    /// The chain id as NEAR's `status` RPC reports it (`mainnet`, `testnet`, the devnet's id).
    public let chain: String

    public init(contract: String, chain: String) throws(PaymentFormatError) {
        do { try AccountId.validate(contract) } catch {
            throw .invalidField("contract_id", value: contract, expected: "a NEAR account id (\(error.description))")
        }
        guard Self.isValidChain(chain) else {
            throw .invalidField("chain_id", value: chain, expected: "1 to 64 characters of A-Z a-z 0-9 . _ -")
        }
        self.contract = contract
        self.chain = chain
    }

    public var description: String { "\(contract) on \(chain)" }

    static func isValidChain(_ chain: String) -> Bool {
        let bytes = chain.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { char in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(char) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(char)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(char)
                || char == UInt8(ascii: ".") || char == UInt8(ascii: "_") || char == UInt8(ascii: "-")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case contract = "contract_id"
        case chain = "chain_id"
    }

    public init(from decoder: Decoder) throws {
        self = try decoder.container(keyedBy: CodingKeys.self).decodeDomain(contract: .contract, chain: .chain)
    }
}
