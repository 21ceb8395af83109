import Crypto
import Foundation
import NearLightClient
import Testing
@testable import Payments

/// Session vouchers: a key the payer grants the node's TEE once (an Ed25519 signature over its
/// hash), then an HMAC per voucher. Checked as strictly as signed vouchers, and never persisted.
@Suite struct VoucherSessionTests {
    typealias Machine = ProviderChannelStateMachine

    let key = try! VoucherSessionKey(bytes: Array(repeating: 0x42, count: 32))
    var grant: VoucherSessionGrant { try! VoucherSessionGrant.sign(domain: Fixtures.domain, channel: 7, key: key, payerKey: Fixtures.payerKey) }

    func macVoucher(channel: UInt64 = 7, spent: UInt128, nonce: UInt64, key: VoucherSessionKey? = nil, domain: ChannelDomain = Fixtures.domain) -> Voucher {
        Voucher.authenticate(domain: domain, channel: channel, spent: spent, nonce: nonce, sessionKey: key ?? self.key)
    }

    @Test func grantSignsTheDocumentedTextOverTheKeysHash() throws {
        let digest = Hex.encode(Array(SHA256.hash(data: Array(repeating: UInt8(0x42), count: 32))))
        #expect(String(decoding: grant.signedMessage, as: UTF8.self) == "dcml-voucher-session-v1:payments.dcml.test:dcml-devnet:7:\(digest)")
        #expect(grant.grants(key, signedBy: Fixtures.payerKey.publicKey))
        #expect(!grant.grants(VoucherSessionKey.random(), signedBy: Fixtures.payerKey.publicKey))
        #expect(!grant.grants(key, signedBy: Fixtures.nodeKey.publicKey))
        // The key's bytes never appear in what the grant shows, nor in the key's description.
        let json = String(decoding: try JSONEncoder().encode(grant), as: UTF8.self)
        #expect(!json.contains(Hex.encode(key.bytes)) && !key.description.contains(Hex.encode(key.bytes)))
    }

    @Test func macIsTheSessionKeysHMACOfTheVoucherText() {
        let voucher = macVoucher(spent: 1_000, nonce: 3)
        let expected = Array(HMAC<SHA256>.authenticationCode(for: voucher.signedMessage, using: SymmetricKey(data: key.bytes)))
        #expect(voucher.proof == .mac(expected))
        #expect(voucher.isAuthenticated(by: key))
        #expect(!voucher.isAuthenticated(by: VoucherSessionKey.random()))
        #expect(!voucher.isSigned(by: Fixtures.payerKey.publicKey))
    }

    @Test func everyTamperedFieldFailsTheMAC() throws {
        let voucher = macVoucher(spent: 1_000, nonce: 3)
        guard case .mac(var flipped) = voucher.proof else { Issue.record("not a MAC voucher"); return }
        flipped[5] ^= 0x80
        let tampered = [
            Voucher(domain: Fixtures.otherDomain, channel: 7, spent: 1_000, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 8, spent: 1_000, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: 1_001, nonce: 3, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: 1_000, nonce: 4, proof: voucher.proof),
            Voucher(domain: Fixtures.domain, channel: 7, spent: 1_000, nonce: 3, proof: .mac(flipped)),
            Voucher(domain: Fixtures.domain, channel: 7, spent: 1_000, nonce: 3, proof: .mac(Array(flipped.prefix(16)))),
        ]
        for forged in tampered {
            #expect(!forged.isAuthenticated(by: key), "accepted \(forged)")
        }
    }

    @Test func wireFormCarriesTheMACInPlaceOfTheSignature() throws {
        let voucher = macVoucher(spent: 1_000, nonce: 3)
        guard case .mac(let code) = voucher.proof else { Issue.record("not a MAC voucher"); return }
        let json = String(decoding: voucher.jsonData(), as: UTF8.self)
        #expect(json == #"{"chain_id":"dcml-devnet","channel_id":7,"contract_id":"payments.dcml.test","mac":"\#(Hex.encode(code))","nonce":3,"spent":"1000"}"#)
        #expect(try Voucher(headerValue: voucher.headerValue) == voucher)

        let base = #""chain_id":"dcml-devnet","channel_id":7,"contract_id":"payments.dcml.test","nonce":3,"spent":"1""#
        let signature = String(repeating: "ab", count: 64)
        for (body, expected) in [
            ("{\(base)}", "expected `signature` (ed25519 by the payer key) or `mac`"),
            ("{\(base),\"mac\":\"abcd\"}", "64 hex digits"),
            ("{\(base),\"mac\":\"\(String(repeating: "zz", count: 32))\"}", "64 hex digits"),
            ("{\(base),\"mac\":\"\(Hex.encode(code))\",\"signature\":\"\(signature)\"}", "expected exactly one"),
        ] {
            #expect(throws: PaymentFormatError.self) { try Voucher(jsonData: Data(body.utf8)) }
            do { _ = try Voucher(jsonData: Data(body.utf8)) } catch {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }
    }

    @Test func sessionRequestRoundTripsAndRefusesShortKeys() throws {
        let request = VoucherSessionRequest(grant: grant, key: key)
        let decoded = try JSONDecoder().decode(VoucherSessionRequest.self, from: request.jsonData())
        #expect(decoded.grant == grant && decoded.key == key && decoded.key.bytes == key.bytes)
        let short = String(decoding: request.jsonData(), as: UTF8.self).replacingOccurrences(of: Hex.encode(key.bytes), with: "abcd")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VoucherSessionRequest.self, from: Data(short.utf8)) }
        #expect(throws: PaymentFormatError.self) { try VoucherSessionKey(bytes: [UInt8](repeating: 1, count: 31)) }
    }

    @Test func machineTakesMACVouchersOnlyUnderTheGrantedKey() throws {
        var machine = try Fixtures.openMachine()
        // No session yet: refused, and the nonce is not used up.
        #expect(machine.authorize(voucher: macVoucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.badVoucher(.noSession(channel: 7))))

        // A grant signed by anyone but the payer, for another channel or for another key: refused.
        let forged = try VoucherSessionGrant.sign(domain: Fixtures.domain, channel: 7, key: key, payerKey: Fixtures.nodeKey)
        #expect(throws: ChannelStateError.badSessionGrant(payer: Fixtures.payerKey.publicKey)) { try machine.startSession(forged, key: key) }
        #expect(throws: ChannelStateError.badSessionGrant(payer: Fixtures.payerKey.publicKey)) { try machine.startSession(grant, key: VoucherSessionKey.random()) }
        let elsewhere = try VoucherSessionGrant.sign(domain: Fixtures.domain, channel: 8, key: key, payerKey: Fixtures.payerKey)
        #expect(throws: ChannelStateError.wrongChannel(expected: 7, actual: 8)) { try machine.startSession(elsewhere, key: key) }
        let otherChain = try VoucherSessionGrant.sign(domain: Fixtures.otherDomain, channel: 7, key: key, payerKey: Fixtures.payerKey)
        #expect(throws: ChannelStateError.wrongDomain(expected: Fixtures.domain, actual: Fixtures.otherDomain)) { try machine.startSession(otherChain, key: key) }

        try machine.startSession(grant, key: key)
        guard case .proceed(let first) = machine.authorize(voucher: macVoucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500) else {
            Issue.record("a MAC voucher under the granted key was refused"); return
        }
        _ = try machine.settle(first, completionTokens: 200)  // spent 6,800
        // Replay, a cap below cost, and a voucher under another key are refused as for signatures.
        #expect(machine.authorize(voucher: macVoucher(spent: 30_000, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.badVoucher(.replayedNonce(last: 1, actual: 1))))
        #expect(machine.authorize(voucher: macVoucher(spent: 16_299, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.voucherBelowCost(required: 16_300, authorized: 16_299)))
        let stranger = VoucherSessionKey.random()
        #expect(machine.authorize(voucher: macVoucher(spent: 16_300, nonce: 2, key: stranger), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.badVoucher(.badMAC(session: key))))
        // Signed vouchers keep working beside the session.
        guard case .proceed = machine.authorize(voucher: try Fixtures.voucher(spent: 16_300, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500) else {
            Issue.record("a signed voucher was refused during a session"); return
        }

        // A new grant replaces the key: the old one stops working.
        let next = VoucherSessionKey.random()
        try machine.startSession(try VoucherSessionGrant.sign(domain: Fixtures.domain, channel: 7, key: next, payerKey: Fixtures.payerKey), key: next)
        #expect(machine.authorize(voucher: macVoucher(spent: 100_000, nonce: 3), promptTokens: 1, maxCompletionTokens: 1)
            == .reject(.badVoucher(.badMAC(session: next))))
        guard case .proceed = machine.authorize(voucher: macVoucher(spent: 100_000, nonce: 3, key: next), promptTokens: 1, maxCompletionTokens: 1) else {
            Issue.record("a MAC voucher under the new key was refused"); return
        }
    }

    @Test func noSessionBeforeTheChannelIsOpen() throws {
        var machine = Machine(domain: Fixtures.domain)
        #expect(throws: ChannelStateError.self) { try machine.startSession(grant, key: key) }
        _ = try machine.issueChallenge(Challenge.random())
        #expect(throws: ChannelStateError.self) { try machine.startSession(grant, key: key) }
    }

    @Test func theKeyIsNeverPersistedAndARestartForgetsIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("voucher-session-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/channel.ledger"
        let ledgerKey = SymmetricKey(size: .bits256)
        let counter = SimulatedHardwareCounter()
        let ledger = try await ChannelLedger.create(path: path, domain: Fixtures.domain, counter: counter, key: ledgerKey)
        let challenge = try await ledger.issueChallenge(Challenge.random())
        try await ledger.establish(Fixtures.facts(challenge: challenge))
        try await ledger.startSession(grant, key: key)
        guard case .proceed(let reservation) = try await ledger.authorize(
            voucher: macVoucher(spent: 9_500, nonce: 1), promptTokens: 1000, maxCompletionTokens: 500)
        else { Issue.record("refused"); return }
        _ = try await ledger.settle(reservation, completionTokens: 200)

        // What the ledger would write holds no key: the machine encodes without it.
        let encoded = String(decoding: try JSONEncoder().encode(await ledger.machine), as: UTF8.self)
        #expect(!encoded.contains(Hex.encode(key.bytes)) && !encoded.contains(Hex.encode(key.digest)))

        let restarted = try await ChannelLedger.load(path: path, counter: counter, key: ledgerKey)
        #expect(try await restarted.authorize(voucher: macVoucher(spent: 16_300, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500)
            == .reject(.badVoucher(.noSession(channel: 7))))
        try await restarted.startSession(grant, key: key)
        guard case .proceed = try await restarted.authorize(voucher: macVoucher(spent: 16_300, nonce: 2), promptTokens: 1000, maxCompletionTokens: 500) else {
            Issue.record("a re-granted session was refused"); return
        }
    }
}
