import ArgumentParser
import DCMLClient
import Foundation
import NearLightClient

/// `dcml market …`: the model market contract's setup and registry (Contracts/payment_channel/README.md).
struct MarketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Initialize a model market, register models and providers, show them.",
        subcommands: [MarketInitCommand.self, MarketRegisterModelCommand.self, MarketRegisterProviderCommand.self, MarketShowCommand.self]
    )
}

/// `--contract ID` plus the chain and signer options, shared by the market commands.
struct MarketOptions: ParsableArguments {
    @Option(help: "The model_market contract's account.") var contract: String
    @OptionGroup var chain: ChannelChainOptions

    func market() throws -> MarketClient { try ChannelIO.market(chain.rpc, contract: contract) }
}

/// `dcml market init --contract ID --chain-id dcml-devnet --challenge-period 30`: the contract's `new`.
struct MarketInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Initialize a deployed model_market (its `new`, signed by the contract account).")

    @OptionGroup var options: MarketOptions
    @Option(help: "The chain id closure approvals name (the devnet's is dcml-devnet).") var chainId: String
    @Option(help: "T, the force-close challenge period, in seconds.") var challengePeriod: UInt64

    func run() async throws {
        var signer = try options.chain.signer()
        let market = try options.market()
        let outcome = try await market.initialize(chainID: chainId, challengePeriodSeconds: challengePeriod, as: &signer)
        let config = try await market.config()
        print("initialized \(options.contract): chain \(config.chainID), challenge period \(config.challengePeriodSeconds) s, minimum deposit \(ChainIO.near(config.minimumChannelDeposit))")
        print("  transaction: \(outcome.transactionHash)")
    }
}

/// `dcml market register-model`: Charlie lists his model with its prices.
struct MarketRegisterModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register-model", abstract: "Model creator: register a model and its prices (the signer becomes its owner).")

    @OptionGroup var options: MarketOptions
    @Option(help: "The model's id in the market, e.g. charlie/smollm2.") var modelId: String
    @Option(help: "The model's public key pk (X25519, hex; `dcml model keygen`).") var modelPk: String
    @Option(help: "The model's modelH (hex; `dcml model hash`).") var modelHash: String
    @Option(help: "NEAR per 1000 prompt tokens, e.g. 0.001.") var pricePrompt: String
    @Option(help: "NEAR per 1000 completion tokens.") var priceCompletion: String
    @Option(help: "Who is paid the model's share (default: the signer).") var beneficiary: String?

    func run() async throws {
        let prompt = try YoctoNear.parse(near: pricePrompt), completion = try YoctoNear.parse(near: priceCompletion)
        var signer = try options.chain.signer()
        let registration = MarketModelRegistration(
            modelID: modelId, modelPublicKey: modelPk, modelHash: modelHash,
            pricePromptPer1k: prompt, priceCompletionPer1k: completion, beneficiary: beneficiary)
        let registered = try await options.market().registerModel(registration, as: &signer)
        let model = registered.value, outcome = registered.outcome
        print("registered model \(model.modelID), owner \(model.owner), beneficiary \(model.beneficiary)")
        print("  prices:      prompt \(ChainIO.near(model.pricePromptPer1k)), completion \(ChainIO.near(model.priceCompletionPer1k)) per 1000 tokens")
        print("  transaction: \(outcome.transactionHash)")
    }
}

/// `dcml market register-provider --node URL`: Bob registers his node's attested signing key,
/// read from the node's verified attestation rather than typed in.
struct MarketRegisterProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "register-provider", abstract: "Provider: register a verified node's signing key and a fee for a model.")

    @OptionGroup var options: MarketOptions
    @Option(help: "The model's id in the market.") var modelId: String
    @Option(help: "The provider's node, https://HOST:PORT: its attested signing key is registered.") var node: String
    @Option(help: "The provider's fee, NEAR per 1000 tokens.") var fee: String
    @OptionGroup var expectation: NodeExpectationOptions

    func run() async throws {
        let client = try DCMLClient(url: node, expectation: try expectation.expectation())
        let key = Hex.encode(try await client.verify().signingPublicKey)
        var signer = try options.chain.signer()
        let registered = try await options.market().registerProvider(model: modelId, signingPublicKey: key, feePer1k: try YoctoNear.parse(near: fee), as: &signer)
        print("registered \(registered.value.provider) as a provider of \(registered.value.modelID): node signing key \(registered.value.signingPublicKey), fee \(ChainIO.near(registered.value.feePer1k)) per 1000 tokens")
        print("  transaction: \(registered.outcome.transactionHash)")
    }
}

/// `dcml market show --contract ID [--model-id M [--provider P]]`.
struct MarketShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a market's configuration, a model, or a provider.")

    @Option(help: "The model_market contract's account.") var contract: String
    @OptionGroup var rpc: RPCOption
    @Option(help: "Show this model.") var modelId: String?
    @Option(help: "With --model-id: show this provider.") var provider: String?

    func run() async throws {
        let market = try ChannelIO.market(rpc, contract: contract)
        let config = try await market.config()
        print("market \(contract): chain \(config.chainID), challenge period \(config.challengePeriodSeconds) s, next channel \(config.nextChannelID), held \(ChainIO.near(config.held))")
        guard let modelId else { return }
        guard let model = try await market.model(modelId) else { throw ChainCommandError("no model \(modelId) in \(contract)") }
        print("model \(model.modelID): owner \(model.owner), beneficiary \(model.beneficiary), modelH \(model.modelHash)")
        print("  prices: prompt \(ChainIO.near(model.pricePromptPer1k)), completion \(ChainIO.near(model.priceCompletionPer1k)) per 1000 tokens")
        guard let provider else { return }
        guard let registered = try await market.provider(provider, model: modelId) else { throw ChainCommandError("\(provider) is not a provider of \(modelId)") }
        print("provider \(registered.provider): signing key \(registered.signingPublicKey), fee \(ChainIO.near(registered.feePer1k)) per 1000 tokens")
    }
}
