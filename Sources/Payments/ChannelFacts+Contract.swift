import NearLightClient
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ChannelFacts {
    /// The facts in a model-market channel record (`get_channel`, and the `data` of the
    /// `provider_deposit_locked` event the node gets a light-client proof of), see
    /// Contracts/payment_channel/README.md. The channel must be `active` — the contract activates
    /// it only once the provider locked exactly the payer's deposit — and signed for by
    /// `nodeKey`, this node's signing key; a channel for another node's key is another node's.
    /// `payerKey` comes from outside the record (see `payerKey`).
    public init(contractChannel json: Data, domain: ChannelDomain, nodeKey: PublicKey, payerKey: PublicKey) throws(PaymentFormatError) {
        let record: ContractChannelRecord
        do { record = try JSONDecoder().decode(ContractChannelRecord.self, from: json) } catch {
            throw .invalidJSON(what: "model market channel", reason: PaymentFormatError.reason(decoding: error))
        }
        guard record.state == "active" else {
            throw .invalidField("state", value: record.state, expected: "active (the provider's deposit locked, not yet closing)")
        }
        guard record.signingPublicKey == nodeKey else {
            throw .invalidField("signing_public_key", value: Hex.encode(record.signingPublicKey.bytes), expected: "this node's key \(Hex.encode(nodeKey.bytes))")
        }
        self.init(
            domain: domain, channel: record.channel, challenge: record.challenge, payerKey: payerKey,
            deposit: record.deposit, providerDeposit: record.deposit, prices: record.prices)
    }
}

/// The fields of the contract's channel JSON that the node needs.
private struct ContractChannelRecord: Decodable {
    let channel: UInt64
    let challenge: Challenge
    let signingPublicKey: PublicKey
    let deposit: UInt128
    let prices: PriceSchedule
    let state: String

    private enum CodingKeys: String, CodingKey {
        case channel = "channel_id", challenge, signingPublicKey = "signing_public_key", deposit, state
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // u64 as a JSON number or a decimal string, as the contract accepts.
        if let text = try? container.decode(String.self, forKey: .channel) {
            do { channel = try NearDecimal.parse(text) } catch {
                throw DecodingError.dataCorruptedError(forKey: .channel, in: container, debugDescription: error.description)
            }
        } else {
            channel = try container.decode(UInt64.self, forKey: .channel)
        }
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        let keyHex = try container.decode(String.self, forKey: .signingPublicKey)
        do { signingPublicKey = try PublicKey(ed25519: Hex.decode(keyHex)) } catch {
            throw DecodingError.dataCorruptedError(forKey: .signingPublicKey, in: container, debugDescription: "expected 64 hex digits: \(error.description)")
        }
        deposit = try container.decodeYocto(forKey: .deposit)
        // The rates sit at the top level of the record, under PriceSchedule's own keys.
        prices = try PriceSchedule(from: decoder)
        state = try container.decode(String.self, forKey: .state)
    }
}
