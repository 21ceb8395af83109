import Foundation
import NearLightClient
import Testing
@testable import Payments

@Suite struct VoucherTests {
    let voucher = try! Fixtures.voucher(spent: 1_000_000_000_000_000_000_000_000, nonce: 3)

    @Test func signedMessageIsTheDocumentedText() {
        #expect(String(decoding: voucher.signedMessage, as: UTF8.self)
            == "dcml-voucher-v1:payments.dcml.test:dcml-devnet:7:1000000000000000000000000:3")
    }

    @Test func verifiesWithThePayerKeyOnly() {
        #expect(voucher.isSigned(by: Fixtures.payerKey.publicKey))
        #expect(!voucher.isSigned(by: Fixtures.nodeKey.publicKey))
    }

    @Test func everyTamperedFieldFailsVerification() throws {
        let payer = Fixtures.payerKey.publicKey
        let otherContract = try ChannelDomain(contract: "payments.dcml.tesu", chain: "dcml-devnet")
        var flipped = voucher.ed25519Signature.bytes
        flipped[17] ^= 0x01
        let tampered = [
            Voucher(domain: otherContract, channel: 7, spent: voucher.spent, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.otherDomain, channel: 7, spent: voucher.spent, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 8, spent: voucher.spent, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: voucher.spent + 1, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: voucher.spent, nonce: 4, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: voucher.spent, nonce: 3, proof: .signature(try Signature(ed25519: flipped))),
        ]
        for forged in tampered {
            #expect(!forged.isSigned(by: payer), "accepted \(forged)")
        }
    }

    @Test func fieldsCannotBeShiftedAcrossSeparators() throws {
        // "…:7:1…" must not equal "…:71:…": decimal fields are separated, and ids cannot hold colons.
        let a = Voucher.signedMessage(domain: Fixtures.domain, channel: 7, spent: 12, nonce: 3)
        let b = Voucher.signedMessage(domain: Fixtures.domain, channel: 71, spent: 2, nonce: 3)
        #expect(a != b)
        #expect(throws: PaymentFormatError.self) { try ChannelDomain(contract: "payments.dcml.test", chain: "dcml:devnet") }
        #expect(throws: PaymentFormatError.self) { try ChannelDomain(contract: "payments:dcml.test", chain: "mainnet") }
        #expect(throws: PaymentFormatError.self) { try ChannelDomain(contract: "payments.dcml.test", chain: "") }
    }

    @Test func voucherSignatureIsNotAClosureApprovalOrAResponseSignature() throws {
        // The same key and numbers under another message type must not verify: the prefixes differ.
        let terms = ClosureTerms(domain: Fixtures.domain, channel: 7, challenge: Challenge.random(), spent: voucher.spent, modelShare: 0, nonce: 3)
        let asApproval = ClosureApproval(terms: terms, signer: Fixtures.payerKey.publicKey, signature: voucher.ed25519Signature)
        #expect(!asApproval.isValid)
        let response = Array("dcml-v1:payments.dcml.test:dcml-devnet:7:1000000000000000000000000:3".utf8)
        #expect(!Fixtures.payerKey.publicKey.verify(voucher.ed25519Signature, for: response))
        #expect(!terms.signedMessage.starts(with: Array("dcml-voucher-v1:".utf8)))
    }

    @Test func jsonFormIsStable() throws {
        let json = String(decoding: voucher.jsonData(), as: UTF8.self)
        let signatureHex = Hex.encode(voucher.ed25519Signature.bytes)
        #expect(json == #"{"chain_id":"dcml-devnet","channel_id":7,"contract_id":"payments.dcml.test","nonce":3,"#
            + #""signature":"\#(signatureHex)","spent":"1000000000000000000000000"}"#)
        #expect(try Voucher(jsonData: Data(json.utf8)) == voucher)
    }

    @Test func headerRoundTrips() throws {
        #expect(Voucher.headerName == "X-DCML-Voucher")
        #expect(try Voucher(headerValue: voucher.headerValue) == voucher)
        #expect(Data(base64Encoded: voucher.headerValue) == voucher.jsonData())
    }

    @Test(arguments: [
        ("not base64 at all!", "not standard base64"),
        (Data(#"{"chain_id":"dcml-devnet"}"#.utf8).base64EncodedString(), "missing field"),
        (Data(#"{"chain_id":"dcml-devnet","channel_id":7,"contract_id":"payments.dcml.test","nonce":3,"signature":"abcd","spent":"1"}"#.utf8).base64EncodedString(), "128 hex digits"),
        (Data(#"{"chain_id":"dcml-devnet","channel_id":7,"contract_id":"payments.dcml.test","nonce":3,"signature":"abcd","spent":"-1"}"#.utf8).base64EncodedString(), "decimal"),
        (Data(#"{"chain_id":"a:b","channel_id":7,"contract_id":"payments.dcml.test","nonce":3,"signature":"abcd","spent":"1"}"#.utf8).base64EncodedString(), "chain_id"),
        (String(repeating: "A", count: 2000), "at most 1024"),
    ])
    func malformedHeadersSayWhatWasExpected(header: String, expectedMessage: String) {
        do {
            _ = try Voucher(headerValue: header)
            Issue.record("accepted \(header)")
        } catch {
            #expect(error.description.contains(expectedMessage), "\(error.description)")
        }
    }
}
