import Foundation
import Hummingbird
import Inference
import NearLightClient
import NIOCore
@testable import Node
import Payments
import Testing

/// What charging a channel adds to a completion, measured in-process (no HTTP, no generation):
/// the voucher header parsed, the prompt tokenized, the voucher verified and the reservation
/// committed to the ledger (authorize), then the settlement committed (settle). A measurement,
/// not a test: run it with `DCML_MEASURE=1 swift test --filter VoucherOverheadMeasurement`;
/// `DCML_LEDGER_DIR` puts the ledger elsewhere (e.g. `/dev/shm`, to separate the CPU cost from
/// the disk's fsync latency).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DCML_MEASURE"] != nil))
struct VoucherOverheadMeasurement {
    @Test func perRequestOverhead() async throws {
        let base = ProcessInfo.processInfo.environment["DCML_LEDGER_DIR"] ?? FileManager.default.temporaryDirectory.path
        let state = try await PaidNodeState.make(base: base)
        let payments = try await state.startPayments()
        let payer = SecretKey.generate()
        let challenge = try await payments.issueChallenge()
        let market = MarketChannel(channel: 1, challenge: challenge.description, payerKey: payer.publicKey, signingKey: state.signingKey)
        let (proof, head) = state.chain.prove(market.outcome("provider_deposit_locked"))
        let facts = try await payments.establish(proof: proof, blocks: [head])

        let engine = try SharedModel.loaded.get().engine
        let body = ByteBuffer(bytes: #"{"model":"\#(engine.modelID)","max_tokens":4,"messages":[{"role":"user","content":"Say hi."}]}"#.utf8)
        let call = try CompletionCall(.chat, body: body, engine: engine)
        let requests = 300
        let headers: [HTTPFields] = try (1...requests).map { nonce in
            let voucher = try Voucher.sign(domain: facts.domain, channel: facts.channel, spent: facts.deposit, nonce: UInt64(nonce), payerKey: payer)
            return [FieldName(Voucher.headerName)!: voucher.headerValue]
        }
        var authorizing = Duration.zero
        var settling = Duration.zero
        let clock = ContinuousClock()
        for header in headers {
            let start = clock.now
            let charge = try await payments.authorize(call, headers: header, engine: engine)
            let authorized = clock.now
            _ = try await charge.settle(TokenUsage(promptTokens: Int(charge.reservation.promptTokens), completionTokens: 4))
            authorizing += authorized - start
            settling += clock.now - authorized
        }
        // Where authorize's time goes: the header's JSON, the one Ed25519 verification, the prompt's tokens.
        let vouchers = try headers.map { try Voucher(headerValue: $0[FieldName(Voucher.headerName)!]!) }
        var start = clock.now
        for header in headers { _ = try Voucher(headerValue: header[FieldName(Voucher.headerName)!]!) }
        let parsing = (clock.now - start) / requests
        start = clock.now
        for voucher in vouchers { _ = voucher.isSigned(by: payer.publicKey) }
        let verifying = (clock.now - start) / requests
        start = clock.now
        for _ in 0..<requests { _ = try engine.tokenize(call.generation.prompt) }
        let tokenizing = (clock.now - start) / requests
        print("of authorize: header JSON \(parsing), Ed25519 verify \(verifying), prompt tokenization \(tokenizing)")
        let perRequest = (authorizing + settling) / requests
        print("voucher overhead per request (ledger in \(base)) over \(requests) requests: authorize \(authorizing / requests), settle \(settling / requests), total \(perRequest)")
        try? FileManager.default.removeItem(atPath: state.directory)
    }
}
