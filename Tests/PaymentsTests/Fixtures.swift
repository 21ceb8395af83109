import NearLightClient
@testable import Payments

/// Shared values for the payments tests.
enum Fixtures {
    static let domain = try! ChannelDomain(contract: "payments.dcml.test", chain: "dcml-devnet")
    static let otherDomain = try! ChannelDomain(contract: "payments.dcml.test", chain: "mainnet")
    static let prices = PriceSchedule(
        creatorPerThousandPromptTokens: 3_000, creatorPerThousandCompletionTokens: 7_000, providerPerThousandTokens: 2_000)
    static let payerKey = try! SecretKey(seed: Array(repeating: 1, count: 32))
    static let nodeKey = try! SecretKey(seed: Array(repeating: 2, count: 32))

    static func facts(
        channel: UInt64 = 7, challenge: Challenge, deposit: UInt128 = 1_000_000, providerDeposit: UInt128? = nil,
        domain: ChannelDomain = domain, payer: PublicKey = payerKey.publicKey
    ) -> ChannelFacts {
        ChannelFacts(
            domain: domain, channel: channel, challenge: challenge, payerKey: payer, deposit: deposit,
            providerDeposit: providerDeposit ?? deposit, prices: prices)
    }

    /// A machine with channel `channel` open.
    static func openMachine(channel: UInt64 = 7, deposit: UInt128 = 1_000_000) throws -> ProviderChannelStateMachine {
        var machine = ProviderChannelStateMachine(domain: domain)
        let challenge = try machine.issueChallenge(Challenge.random())
        try machine.establish(facts(channel: channel, challenge: challenge, deposit: deposit))
        return machine
    }

    static func voucher(channel: UInt64 = 7, spent: UInt128, nonce: UInt64, key: SecretKey = payerKey, domain: ChannelDomain = domain) throws -> Voucher {
        try Voucher.sign(domain: domain, channel: channel, spent: spent, nonce: nonce, payerKey: key)
    }
}

/// Deterministic generator for property tests (SplitMix64), so a failure replays from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ProviderChannelStateMachine {
    /// Whether `other` holds what a restart recovers of this machine: the same state, and for an
    /// open channel the same facts and progress (requests in flight and their ids live in memory only).
    func recovers(_ other: ProviderChannelStateMachine) -> Bool {
        switch (state, other.state) {
        case (.open(let mine), .open(let theirs)): return mine.facts == theirs.facts && mine.progress == theirs.progress
        default: return self == other
        }
    }
}

extension Voucher {
    /// The signature of a signed voucher (the fixtures' vouchers are signed).
    var ed25519Signature: Signature {
        guard case .signature(let signature) = proof else { fatalError("expected a signed voucher, found a MAC voucher") }
        return signature
    }
}
