import Foundation
import Payments

/// A node's answer to `POST /v1/payments/challenge`: what `open_channel` needs (`challenge`,
/// `model_id`, the market `contract_id` on `chain_id`) and the light-client head the node will
/// verify the channel's proof against (request `light_client_proof` with `light_client_head` =
/// `headHash`, or send newer `next_light_client_block` results along with the proof).
public struct ChannelOffer: Sendable, Equatable, Decodable {
    public let challenge: Challenge
    public let contractID: String
    public let chainID: String
    public let modelID: String
    /// The node's signing key (hex): the channel's `signing_public_key` on chain.
    public let signingPublicKey: String
    public let headHash: String
    public let headHeight: UInt64

    private enum CodingKeys: String, CodingKey {
        case challenge, contractID = "contract_id", chainID = "chain_id", modelID = "model_id"
        case signingPublicKey = "signing_public_key", head = "light_client_head"
    }

    private enum HeadKeys: String, CodingKey { case hash, height }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        contractID = try container.decode(String.self, forKey: .contractID)
        chainID = try container.decode(String.self, forKey: .chainID)
        modelID = try container.decode(String.self, forKey: .modelID)
        signingPublicKey = try container.decode(String.self, forKey: .signingPublicKey)
        let head = try container.nestedContainer(keyedBy: HeadKeys.self, forKey: .head)
        headHash = try head.decode(String.self, forKey: .hash)
        headHeight = try head.decode(UInt64.self, forKey: .height)
    }

    public func domain() throws(PaymentFormatError) -> ChannelDomain {
        try ChannelDomain(contract: contractID, chain: chainID)
    }
}
