import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient
import Payments

/// `dcml channel open --node URL --provider ID --deposit NEAR --key alice.json --rpc URL`: Alice's
/// side of opening (§6): the node's challenge, checked against its attestation; the provider's
/// registered key, checked against the node's attested key; `open_channel` with a voucher key
/// derived from her NEAR key; then, with `--wait`, until the provider has locked his deposit and
/// the node has established the channel, which is then stored for `dcml chat` and `dcml pay-proxy`.
struct ChannelOpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a payment channel with a paid node and store it.",
        discussion: """
            Prints the channel id at once; the provider then runs `dcml channel lock ID`. With \
            --channel ID it skips open_channel and picks up a channel opened earlier (after a timeout).
            """)

    @Option(help: "The paid node, https://HOST:PORT.") var node: String
    @Option(help: "The provider's account (he registered the node's signing key with the market).") var provider: String?
    @Option(help: "Deposit D in NEAR, e.g. 0.1 (the provider locks as much).") var deposit: String?
    @Option(help: "Pick up channel ID opened earlier instead of opening a new one.") var channel: UInt64?
    @Option(help: "Seconds to wait for the node to establish the channel (0: do not wait).") var wait = 120
    @OptionGroup var chain: ChannelChainOptions
    @OptionGroup var options: NodeExpectationOptions

    func validate() throws {
        if channel == nil, provider == nil || deposit == nil { throw ValidationError("give --provider and --deposit (or --channel ID to pick up an opened channel)") }
        guard wait >= 0 else { throw ValidationError("--wait must be 0 or more seconds") }
    }

    func run() async throws {
        guard let keyPath = chain.key else { throw ValidationError("give the payer's NEAR key file with --key") }
        let nearKey = try ChainIO.keyFile(keyPath).secretKey
        let (client, attested) = try await ChannelIO.verifiedNode(node, options)
        let market = try ChannelIO.market(chain.rpc, contract: attested.contractID)
        var signer = try chain.signer()
        let id: UInt64
        let challenge: Challenge
        if let channel {
            guard case .open(let view) = try await market.channel(channel) else { throw ChainCommandError("channel \(channel) is not open on \(attested.contractID)") }
            id = channel
            challenge = view.challenge
        } else {
            (id, challenge) = try await open(client: client, market: market, attested: attested, nearKey: nearKey, signer: &signer)
        }
        guard wait > 0 else { return }
        let voucherKey = try VoucherKey.derive(from: nearKey, domain: try ChannelDomain(contract: attested.contractID, chain: attested.chainID), challenge: challenge)
        let session = try await established(id, client: client, voucherKey: voucherKey)
        let stored = StoredChannel(
            nodeURL: client.nodeURL, composeHash: client.verification?.composeHash ?? "", payerAccount: signer.accountId,
            keyFile: URL(fileURLWithPath: NSString(string: keyPath).expandingTildeInPath).standardizedFileURL.path,
            facts: session.facts, totals: await session.totals)
        let store = ChannelStore.standard()
        try store.save(stored)
        print("""
            channel \(id) is open on \(node): deposit \(ChainIO.near(stored.facts.deposit)), provider locked \(ChainIO.near(stored.facts.providerDeposit))
              stored:      \(store.path(contract: stored.contractID, channel: id))
            """)
    }

    /// `open_channel` after checking the node's offer and the provider's registration.
    private func open(
        client: DCMLClient, market: MarketClient, attested: AttestedMarket, nearKey: SecretKey, signer: inout NearSigner
    ) async throws -> (UInt64, Challenge) {
        guard let provider, let deposit else { throw ValidationError("give --provider and --deposit") }
        let amount = try YoctoNear.parse(near: deposit)
        let offer = try await PaidSession.offer(from: client)
        let config = try await market.config()
        guard config.chainID == offer.chainID else {
            throw ChainCommandError("the market \(offer.contractID) was initialized for chain \(config.chainID), the node's attested app-compose names \(offer.chainID)")
        }
        // The contract cannot tell a TEE key from any other: only the attestation can (README of the market).
        guard let registered = try await market.provider(provider, model: offer.modelID) else {
            throw ChainCommandError("\(provider) is not a registered provider of \(offer.modelID) on \(offer.contractID)")
        }
        guard registered.signingPublicKey.lowercased() == offer.signingPublicKey else {
            throw ChainCommandError("\(provider) registered signing key \(registered.signingPublicKey), but the node at \(node) attests \(offer.signingPublicKey): not his node")
        }
        let voucherKey = try VoucherKey.derive(from: nearKey, domain: try offer.domain(), challenge: offer.challenge)
        let opened = try await market.openChannel(
            depositing: amount, model: offer.modelID, provider: provider, challenge: offer.challenge, payerKey: voucherKey.publicKey, as: &signer)
        let id = opened.value
        print("""
            opened channel \(id) on \(offer.contractID): \(ChainIO.near(amount)) for \(offer.modelID) with \(provider)
              transaction: \(opened.outcome.transactionHash)
              next:        the provider runs `dcml channel lock \(id) --node \(node) --key PROVIDER.json --rpc \(chain.rpc.rpc)`
            """)
        return (id, offer.challenge)
    }

    /// Polls the node's account of the channel until the provider's proof established it.
    private func established(_ id: UInt64, client: DCMLClient, voucherKey: SecretKey) async throws -> PaidSession {
        FileHandle.standardError.write(Data("waiting up to \(wait) s for the node to establish channel \(id)…\n".utf8))
        let deadline = ContinuousClock.now + .seconds(wait)
        while true {
            do { return try await PaidSession.resume(with: client, channel: id, payerKey: voucherKey) } catch DCMLClientError.http(status: 404, _) {
                guard ContinuousClock.now < deadline else {
                    throw ChainCommandError("the node has not established channel \(id) after \(wait) s; once the provider locked it, pick it up with `dcml channel open --node \(node) --channel \(id) --key KEY --rpc \(chain.rpc.rpc)`")
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
