import Foundation
import NearLightClient
import Payments

/// The fields of a model-market channel record (an event's `data`) that decide whether this node
/// takes the channel: which channel, for which model, with whose challenge and voucher key, in
/// which state. The prices and deposits are read by `ChannelFacts(contractChannel:…)`.
struct ChannelRecord: Decodable, Sendable {
    let channel: UInt64
    let modelID: String
    let challenge: Challenge
    let payerKey: PublicKey
    let state: String

    private enum CodingKeys: String, CodingKey {
        case channel = "channel_id", modelID = "model_id", challenge, payerKey = "payer_key", state
    }

    init(json: Data) throws(APIError) {
        do { self = try JSONDecoder().decode(ChannelRecord.self, from: json) } catch {
            throw .invalidChannel("the proven channel record does not parse: \(PaymentFormatError.reason(decoding: error)); "
                + "expected the model market's channel JSON with channel_id, model_id, challenge, payer_key and state")
        }
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // u64 as a JSON number or a decimal string, as the contract accepts.
        if let text = try? container.decode(String.self, forKey: .channel), let value = UInt64(text) {
            channel = value
        } else {
            channel = try container.decode(UInt64.self, forKey: .channel)
        }
        modelID = try container.decode(String.self, forKey: .modelID)
        challenge = try container.decode(Challenge.self, forKey: .challenge)
        let key = try container.decode(String.self, forKey: .payerKey)
        do { payerKey = try PublicKey(ed25519: NearLightClient.Hex.decode(key)) } catch {
            throw DecodingError.dataCorruptedError(forKey: .payerKey, in: container, debugDescription: "expected 64 hex digits (the payer's Ed25519 voucher key): \(error.description)")
        }
        state = try container.decode(String.self, forKey: .state)
    }
}
