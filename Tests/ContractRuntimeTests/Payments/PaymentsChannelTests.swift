import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The payment channels of `model_market` (paper §6) on the wasm runtime: every close path, the
/// exact payouts, and every refusal.
@Suite struct PaymentsChannelTests {
    typealias F = MarketFixture
    let d: UInt128 = 1_000_000_000_000_000_000_000_000 // 1 NEAR

    @Test func happyPathPaysEveryoneExactly() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.open(d)
        #expect(id == 0)
        let opened = try market.channel(id)
        #expect(opened["state"] as? String == "pending")
        #expect(opened["user"] as? String == F.alice)
        #expect(opened["beneficiary"] as? String == F.charlieTreasury)
        #expect(opened["signing_public_key"] as? String == market.tee.publicHex)
        #expect(opened["challenge"] as? String == Hex.encode(challengeBytes(1)))
        #expect(try chain.held() == d)

        let locked = market.lock(id, d)
        #expect(try json(locked)["state"] as? String == "active")
        #expect(try chain.held() == 2 * d)

        let spent: UInt128 = 300_000_000_000_000_000_000_001
        let share: UInt128 = 200_000_000_000_000_000_000_000
        // The contract's own rendering of the message matches the spec text byte for byte.
        let shown = try text(chain.view("closure_message", #"{"channel_id":0,"spent":"\#(spent)","model_share":"\#(share)","nonce":7}"#))
        let expected = String(decoding: chain.closureText(channel: 0, challenge: challengeBytes(1), spent: spent, modelShare: share, nonce: 7), as: UTF8.self)
        #expect(shown == "\"\(expected)\"")
        #expect(expected == "dcml-channel-close-v1:dcml-devnet:market.dcml.test:0:\(Hex.encode(challengeBytes(1))):300000000000000000000001:200000000000000000000000:7")

        let closed = chain.call("close_cooperative", market.approval(id, spent: spent, modelShare: share, nonce: 7), from: F.alice)
        let payouts = transfers(closed)
        #expect(payouts.map(\.0) == [F.alice, F.bob, F.charlieTreasury])
        #expect(payouts.map(\.1) == [d - spent, d + (spent - share), share])
        #expect(payouts.map(\.1).reduce(0, +) == 2 * d)
        let record = try json(closed)
        #expect(record["state"] as? String == "closed")
        let closure = try #require(record["closure"] as? [String: Any])
        #expect(closure["kind"] as? String == "cooperative")
        #expect(try amount(closure["paid_user"]) == d - spent)
        #expect(closure["nonce"] as? Int == 7)
        #expect(try chain.held() == 0)
        #expect(chain.channelBalance == 0)
        #expect(chain.totalPaid == chain.depositsIn)
        #expect(closed.logs.last?.hasPrefix(#"EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":"channel_closed""#) == true)
    }

    @Test func zeroAndFullSpendSkipEmptyTransfers() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let unused = try market.active(d)
        let none = chain.call("close_cooperative", market.approval(unused, spent: 0, modelShare: 0, nonce: 1), from: F.bob)
        #expect(transfers(none).map(\.0) == [F.alice, F.bob])
        #expect(transfers(none).map(\.1) == [d, d])
        let full = try market.active(d, challenge: challengeBytes(2))
        let all = chain.call("close_cooperative", market.approval(full, spent: d, modelShare: d, nonce: 2, challenge: challengeBytes(2)), from: F.alice)
        #expect(transfers(all).map(\.0) == [F.bob, F.charlieTreasury])
        #expect(transfers(all).map(\.1) == [d, d])
        #expect(chain.channelBalance == 0 && chain.totalPaid == 4 * d)
    }

    @Test func wrongSignaturesAreRefused() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.active(d)
        let invalid = "invalid closure signature: not the provider's TEE key over this channel's closure message"
        // Another key (e.g. Bob's own account key, not the TEE's).
        #expect(panicMessage(chain.call("close_cooperative", market.approval(id, spent: 10, modelShare: 5, nonce: 1, key: TEEKey(9)), from: F.alice)) == invalid)
        // Signed for spent 10, submitted as spent 11.
        let signed10 = market.approval(id, spent: 10, modelShare: 5, nonce: 1)
        #expect(panicMessage(chain.call("close_cooperative", signed10.replacingOccurrences(of: #""spent":"10""#, with: #""spent":"11""#), from: F.alice)) == invalid)
        // Another model share or nonce.
        #expect(panicMessage(chain.call("close_cooperative", signed10.replacingOccurrences(of: #""model_share":"5""#, with: #""model_share":"4""#), from: F.alice)) == invalid)
        #expect(panicMessage(chain.call("close_cooperative", signed10.replacingOccurrences(of: #""nonce":1"#, with: #""nonce":2"#), from: F.alice)) == invalid)
        // Malformed signature and amounts beyond the deposit.
        #expect(panicMessage(chain.call("close_cooperative", #"{"channel_id":0,"spent":"1","model_share":"0","nonce":1,"signature":"abcd"}"#, from: F.alice))
            == "expected signature: 64 bytes of hex (Ed25519)")
        #expect(panicMessage(chain.call("close_cooperative", market.approval(id, spent: d + 1, modelShare: 0, nonce: 1), from: F.alice))
            == "spent exceeds the channel's deposit")
        #expect(panicMessage(chain.call("close_cooperative", market.approval(id, spent: 5, modelShare: 6, nonce: 1), from: F.alice))
            == "model_share exceeds spent")
        // Nothing moved; the right approval still closes.
        #expect(chain.channelBalance == 2 * d && chain.totalPaid == 0)
        #expect(panicMessage(chain.call("close_cooperative", signed10, from: F.alice)) == nil)
    }

    @Test func approvalsAreBoundToContractChainChannelAndChallenge() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let first = try market.active(d)
        let second = try market.active(d, challenge: challengeBytes(2))
        let invalid = "invalid closure signature: not the provider's TEE key over this channel's closure message"
        let text = { (contract: String?, chainId: String?, channel: UInt64, challenge: [UInt8]) in
            chain.closureText(channel: channel, challenge: challenge, spent: 10, modelShare: 5, nonce: 1, contract: contract, chain: chainId)
        }
        // Signed for another deployment of the contract, another chain, the other channel, another challenge.
        let wrongContract = market.approval(first, spent: 10, modelShare: 5, nonce: 1, message: text("other-market.test", nil, first, challengeBytes(1)))
        let wrongChain = market.approval(first, spent: 10, modelShare: 5, nonce: 1, message: text(nil, "mainnet", first, challengeBytes(1)))
        let wrongChannel = market.approval(first, spent: 10, modelShare: 5, nonce: 1, message: text(nil, nil, second, challengeBytes(1)))
        let wrongChallenge = market.approval(first, spent: 10, modelShare: 5, nonce: 1, message: text(nil, nil, first, challengeBytes(2)))
        for args in [wrongContract, wrongChain, wrongChannel, wrongChallenge] {
            #expect(panicMessage(chain.call("close_cooperative", args, from: F.alice)) == invalid)
        }
        // The approval for the second channel cannot close the first.
        let forSecond = market.approval(second, spent: 10, modelShare: 5, nonce: 1, challenge: challengeBytes(2))
        #expect(panicMessage(chain.call("close_cooperative", forSecond.replacingOccurrences(of: #""channel_id":1"#, with: #""channel_id":0"#), from: F.alice)) == invalid)
        // The same signed text against a second contract account: refused there.
        let other = try MarketChain(runtime: chain.runtime, contractId: "other-market.test")
        let otherMarket = try F(chain: other)
        _ = try otherMarket.active(d)
        #expect(panicMessage(other.call("close_cooperative", market.approval(first, spent: 10, modelShare: 5, nonce: 1), from: F.alice)) == invalid)
        #expect(panicMessage(chain.call("close_cooperative", market.approval(first, spent: 10, modelShare: 5, nonce: 1), from: F.alice)) == nil)
    }

    @Test func closedChannelsAreTombstones() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.active(d)
        let approval = market.approval(id, spent: 100, modelShare: 40, nonce: 3)
        #expect(panicMessage(chain.call("close_cooperative", approval, from: F.alice)) == nil)
        let balance = chain.channelBalance
        let paid = chain.totalPaid
        #expect(panicMessage(chain.call("close_cooperative", approval, from: F.alice)) == "channel is closed")
        #expect(panicMessage(chain.call("answer_force_close", approval, from: F.bob)) == "channel is closed")
        #expect(panicMessage(chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)) == "channel is closed")
        #expect(panicMessage(chain.call("finalize_force_close", #"{"channel_id":0}"#, from: F.alice)) == "channel is closed")
        #expect(panicMessage(market.lock(id, d)) == "channel is closed")
        #expect(chain.channelBalance == balance && chain.totalPaid == paid)
        // Ids are never reused: the next channel is 1, and the tombstone still reads closed.
        #expect(try market.open(d) == 1)
        #expect(try text(chain.view("get_channel", #"{"channel_id":0}"#)) == #"{"channel_id":0,"state":"closed"}"#)
        #expect(try text(chain.view("get_channel", #"{"channel_id":2}"#)) == "null")
        #expect(panicMessage(chain.view("closure_message", #"{"channel_id":0,"spent":"1","model_share":"0","nonce":1}"#)) == "channel is closed")
        #expect(panicMessage(chain.call("close_cooperative", market.approval(1, spent: 100, modelShare: 40, nonce: 3), from: F.alice))
            == "channel is not active: the provider has not locked its deposit")
    }

    @Test func providerDepositMustMatchExactly() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.open(d)
        let mismatch = "the provider's deposit must equal the user's deposit exactly"
        for wrong in [d - 1, d + 1, 0, 2 * d] {
            let outcome = market.lock(id, wrong)
            #expect(panicMessage(outcome) == mismatch)
            #expect(outcome.storageWrites.isEmpty && outcome.promises.isEmpty)
        }
        #expect(panicMessage(market.lock(id, d, from: F.alice)) == "only the channel's provider may lock its deposit")
        #expect(panicMessage(market.lock(7, d)) == "no such channel")
        #expect(chain.channelBalance == d)
        #expect(panicMessage(market.lock(id, d)) == nil)
        #expect(panicMessage(market.lock(id, d)) == "provider deposit is already locked")
        #expect(chain.channelBalance == 2 * d)
        #expect(try chain.held() == 2 * d)
    }

    @Test func forceCloseAnsweredWithinThePeriodSettlesLikeCooperative() throws {
        let chain = try MarketChain(challengePeriodSeconds: 60)
        let market = try F(chain: chain)
        let id = try market.active(d)
        #expect(panicMessage(chain.call("force_close", #"{"channel_id":0}"#, from: F.bob)) == "only the channel's user may force-close it")
        let started = chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)
        let record = try json(started)
        #expect(record["state"] as? String == "closing")
        #expect(try amount(record["force_close_deadline_ns"]) == UInt128(MarketChain.start + 60_000_000_000))
        #expect(started.logs.first?.contains(#""event":"force_close_started""#) == true)
        #expect(panicMessage(chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)) == "channel is already force-closing")
        // One nanosecond before the deadline Bob's TEE answers (anyone may carry the answer).
        chain.now = MarketChain.start + 60_000_000_000 - 1
        #expect(panicMessage(chain.call("finalize_force_close", #"{"channel_id":0}"#, from: F.alice)) == "challenge period is not over yet")
        let answered = chain.call("answer_force_close", market.approval(id, spent: 250, modelShare: 100, nonce: 9), from: "relayer.test")
        #expect(transfers(answered).map(\.1) == [d - 250, d + 150, 100])
        let closure = try #require(try json(answered)["closure"] as? [String: Any])
        #expect(closure["kind"] as? String == "answered")
        #expect(chain.channelBalance == 0 && chain.totalPaid == 2 * d)
    }

    @Test func forceCloseUnansweredPaysBobsDepositToTheBeneficiary() throws {
        let chain = try MarketChain(challengePeriodSeconds: 5)
        let market = try F(chain: chain)
        let id = try market.active(d)
        #expect(panicMessage(chain.call("answer_force_close", market.approval(id, spent: 1, modelShare: 1, nonce: 1), from: F.bob)) == "channel is not force-closing")
        #expect(panicMessage(chain.call("finalize_force_close", #"{"channel_id":0}"#, from: F.alice)) == "channel is not force-closing")
        _ = chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)
        #expect(panicMessage(chain.call("finalize_force_close", #"{"channel_id":0}"#, from: F.alice)) == "challenge period is not over yet")
        chain.now = MarketChain.start + 5_000_000_000
        // At the deadline answers are too late, for both entry points.
        let late = market.approval(id, spent: 1, modelShare: 1, nonce: 1)
        #expect(panicMessage(chain.call("answer_force_close", late, from: F.bob)) == "challenge period is over: only finalize_force_close remains")
        #expect(panicMessage(chain.call("close_cooperative", late, from: F.bob)) == "challenge period is over: only finalize_force_close remains")
        let finalized = chain.call("finalize_force_close", #"{"channel_id":0}"#, from: "anyone.test")
        #expect(transfers(finalized).map(\.0) == [F.alice, F.charlieTreasury])
        #expect(transfers(finalized).map(\.1) == [d, d])
        #expect(chain.paidOut[F.bob] == nil)
        #expect(chain.channelBalance == 0)
        #expect(try chain.held() == 0)
    }

    @Test func cooperativeCloseDuringTheChallengePeriodCountsAsAnAnswer() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.active(d)
        _ = chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)
        let closed = chain.call("close_cooperative", market.approval(id, spent: 7, modelShare: 3, nonce: 1), from: F.alice)
        #expect((try json(closed)["closure"] as? [String: Any])?["kind"] as? String == "answered")
    }

    @Test func forceCloseBeforeTheProviderLocksRefundsAtOnce() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.open(d)
        let cancelled = chain.call("force_close", #"{"channel_id":0}"#, from: F.alice)
        #expect(transfers(cancelled).map(\.0) == [F.alice])
        #expect(transfers(cancelled).map(\.1) == [d])
        #expect((try json(cancelled)["closure"] as? [String: Any])?["kind"] as? String == "cancelled")
        #expect(panicMessage(market.lock(id, d)) == "channel is closed")
        #expect(chain.channelBalance == 0)
    }

    @Test func failedCallsRevertAndRefund() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let unknownModel = chain.call("open_channel", #"{"model_id":"nope","provider":"bob.test","challenge":"\#(String(repeating: "00", count: 32))"}"#, from: F.alice, deposit: d)
        #expect(panicMessage(unknownModel) == "no such model")
        let unknownProvider = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"carol.test","challenge":"\#(String(repeating: "00", count: 32))"}"#, from: F.alice, deposit: d)
        #expect(panicMessage(unknownProvider) == "provider is not registered for this model")
        let shortChallenge = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"bob.test","challenge":"00"}"#, from: F.alice, deposit: d)
        #expect(panicMessage(shortChallenge) == "expected challenge: 32 bytes of hex from the provider's TEE")
        let noDeposit = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"bob.test","challenge":"\#(String(repeating: "00", count: 32))"}"#, from: F.alice)
        let tooSmall = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"bob.test","challenge":"\#(String(repeating: "00", count: 32))"}"#, from: F.alice, deposit: F.minimumDeposit - 1)
        #expect(panicMessage(tooSmall) == panicMessage(noDeposit))
        #expect(panicMessage(noDeposit) == "open_channel needs an attached deposit D of at least 0.01 NEAR (10000000000000000000000 yoctoNEAR)")
        for outcome in [unknownModel, unknownProvider, shortChallenge] {
            #expect(outcome.storageWrites.isEmpty && outcome.promises.isEmpty)
        }
        #expect(panicMessage(chain.call("force_close", #"{"channel_id":0}"#, from: F.alice, deposit: 1)) == "Method doesn't accept deposit")
        #expect(chain.channelBalance == 0 && chain.depositsIn == 0)
        #expect(try market.open(F.minimumDeposit) == 0)
    }
}

extension PaymentsChannelTests {
    @Test func payerKeyIsRecordedForTheNode() throws {
        let chain = try MarketChain()
        _ = try F(chain: chain)
        let payer = TEEKey(42).publicHex
        let challenge = Hex.encode(challengeBytes(3))
        let opened = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"\#(F.bob)","challenge":"\#(challenge)","payer_key":"\#(payer)"}"#,
                                from: F.alice, deposit: d)
        #expect(try text(opened) == "0")
        #expect(opened.logs.first?.contains(#""payer_key":"\#(payer)""#) == true)
        #expect(try json(chain.view("get_channel", #"{"channel_id":0}"#))["payer_key"] as? String == payer)
        let bad = chain.call("open_channel", #"{"model_id":"\#(F.model)","provider":"\#(F.bob)","challenge":"\#(challenge)","payer_key":"12"}"#,
                             from: F.alice, deposit: d)
        #expect(panicMessage(bad) == "expected payer_key: 32 bytes of hex (the payer's Ed25519 voucher key)")
        let without = try F(chain: try MarketChain()).open(d)
        _ = without
    }
}
