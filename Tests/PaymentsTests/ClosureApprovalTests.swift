import Foundation
import NearLightClient
import Testing
@testable import Payments

@Suite struct ClosureApprovalTests {
    /// The example of Contracts/payment_channel/README.md: challenge bytes 1, 8, 15, … (step 7).
    static let readmeChallenge = try! Challenge(bytes: (0..<32).map { UInt8(1 + 7 * $0) })
    let terms = ClosureTerms(
        domain: try! ChannelDomain(contract: "market.dcml.test", chain: "dcml-devnet"), channel: 0, challenge: readmeChallenge,
        spent: 300_000_000_000_000_000_000_001, modelShare: 200_000_000_000_000_000_000_000, nonce: 7)

    @Test func signedMessageIsTheContractsTextByteForByte() {
        #expect(String(decoding: terms.signedMessage, as: UTF8.self)
            == "dcml-channel-close-v1:dcml-devnet:market.dcml.test:0:01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da:300000000000000000000001:200000000000000000000000:7")
        #expect(terms.providerFee == 100_000_000_000_000_000_000_001)
    }

    @Test func verifiesAndEveryTamperedFieldFails() throws {
        let approval = try ClosureApproval.sign(terms, with: Fixtures.nodeKey)
        #expect(approval.isValid)
        #expect(approval.signer == Fixtures.nodeKey.publicKey)
        let (d, c, s, m, n) = (terms.domain, terms.challenge, terms.spent, terms.modelShare, terms.nonce)
        let tampered = [
            ClosureTerms(domain: try ChannelDomain(contract: "market.dcml.test", chain: "mainnet"), channel: 0, challenge: c, spent: s, modelShare: m, nonce: n),
            ClosureTerms(domain: try ChannelDomain(contract: "other.dcml.test", chain: "dcml-devnet"), channel: 0, challenge: c, spent: s, modelShare: m, nonce: n),
            ClosureTerms(domain: d, channel: 1, challenge: c, spent: s, modelShare: m, nonce: n),
            ClosureTerms(domain: d, channel: 0, challenge: Challenge.random(), spent: s, modelShare: m, nonce: n),
            ClosureTerms(domain: d, channel: 0, challenge: c, spent: s - 1, modelShare: m, nonce: n),
            ClosureTerms(domain: d, channel: 0, challenge: c, spent: s, modelShare: m + 1, nonce: n),
            ClosureTerms(domain: d, channel: 0, challenge: c, spent: s, modelShare: m, nonce: n + 1),
        ]
        for forged in tampered {
            #expect(!ClosureApproval(terms: forged, signer: approval.signer, signature: approval.signature).isValid, "accepted \(forged)")
        }
        #expect(!ClosureApproval(terms: terms, signer: Fixtures.payerKey.publicKey, signature: approval.signature).isValid)
    }

    @Test func contractArgumentsAreExactlyWhatCloseCooperativeTakes() throws {
        let approval = try ClosureApproval.sign(terms, with: Fixtures.nodeKey)
        let signature = Hex.encode(approval.signature.bytes)
        #expect(String(decoding: approval.contractArguments, as: UTF8.self)
            == #"{"channel_id":0,"model_share":"200000000000000000000000","nonce":7,"signature":"\#(signature)","spent":"300000000000000000000001"}"#)
        let parsed = try JSONSerialization.jsonObject(with: approval.contractArguments) as? [String: Any]
        #expect(parsed?.count == 5)
    }

    @Test func jsonRoundTripsAndRefusesAModelShareAboveSpent() throws {
        let approval = try ClosureApproval.sign(terms, with: Fixtures.nodeKey)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(approval), as: UTF8.self)
        #expect(json.contains(#""model_share":"200000000000000000000000""#) && json.contains(#""channel_id":0"#))
        #expect(json.contains(#""challenge":"\#(Self.readmeChallenge)""#))
        #expect(json.contains(#""signer_public_key":"\#(Hex.encode(Fixtures.nodeKey.publicKey.bytes))""#))
        #expect(try JSONDecoder().decode(ClosureApproval.self, from: Data(json.utf8)) == approval)
        let inflated = json.replacingOccurrences(of: #""model_share":"200000000000000000000000""#, with: #""model_share":"300000000000000000000002""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ClosureApproval.self, from: Data(inflated.utf8)) }
    }
}
