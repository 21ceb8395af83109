import ContractTooling
import Foundation
import NearLightClient
import Testing
@testable import Devnet

/// The registry half of `model_market`: initialization, models, providers, snapshots; and the
/// built wasm itself (NEAR's feature rules, the manifest hash, reproducibility).
@Suite struct PaymentsMarketTests {
    typealias F = MarketFixture

    @Test func initializesOnceAndOnlyByTheContractAccount() throws {
        let runtime = WasmContractRuntime()
        let chain = try MarketChain(runtime: runtime)
        #expect(try text(chain.view("get_config")) == #"{"chain_id":"dcml-devnet","challenge_period_seconds":60,"next_channel_id":0,"held":"0","storage_deposits":"0","minimum_channel_deposit":"10000000000000000000000"}"#)
        #expect(panicMessage(chain.call("new", #"{"chain_id":"x","challenge_period_seconds":1}"#, from: chain.contractId)) == "contract is already initialized")

        let fresh = try MarketChain(runtime: runtime)
        fresh.storage = [:]
        #expect(panicMessage(fresh.call("new", #"{"chain_id":"testnet","challenge_period_seconds":60}"#, from: "mallory.test"))
            == "only the contract account may initialize it")
        #expect(panicMessage(fresh.call("new", #"{"chain_id":"test:net","challenge_period_seconds":60}"#, from: fresh.contractId))
            == "expected chain_id: 1-64 characters of a-z A-Z 0-9 . _ -")
        #expect(panicMessage(fresh.call("new", #"{"chain_id":"testnet","challenge_period_seconds":0}"#, from: fresh.contractId))
            == "expected challenge_period_seconds: an integer from 1 to 315360000")
        #expect(panicMessage(fresh.call("register_model", "{}", from: F.charlie))
            == "contract is not initialized: call new({chain_id, challenge_period_seconds}) first")
    }

    @Test func registersModelsAndProviders() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let model = try text(chain.view("get_model", #"{"model_id":"\#(F.model)"}"#))
        #expect(model == """
            {"model_id":"\(F.model)","owner":"charlie.test","model_pk":"\(F.modelPk)","model_hash":"\(F.modelHash)","compose_hash":null,\
            "price_prompt_per_1k":"1000","price_completion_per_1k":"3000","beneficiary":"\(F.charlieTreasury)"}
            """)
        let provider = try text(chain.view("get_provider", #"{"model_id":"\#(F.model)","provider":"bob.test"}"#))
        #expect(provider == #"{"model_id":"\#(F.model)","provider":"bob.test","signing_public_key":"\#(market.tee.publicHex)","fee_per_1k":"500"}"#)
        #expect(try text(chain.view("get_model", #"{"model_id":"unknown"}"#)) == "null")
        #expect(try text(chain.view("get_provider", #"{"model_id":"\#(F.model)","provider":"carol.test"}"#)) == "null")

        // The beneficiary defaults to the owner; uppercase hex is accepted and stored canonically.
        let second = chain.call("register_model", """
            {"model_id":"m2","model_pk":"\(String(repeating: "AB", count: 32))","model_hash":"\(F.modelHash)",\
            "compose_hash":"\(String(repeating: "ef", count: 32))","price_prompt_per_1k":"0","price_completion_per_1k":1}
            """, from: "dave.test", deposit: F.storageDeposit)
        let json2 = try json(second)
        #expect(json2["beneficiary"] as? String == "dave.test")
        #expect(json2["model_pk"] as? String == F.modelPk)
        // Storage staking is kept (10^19 per byte added), the rest refunded to the caller.
        let refund = try #require(transfers(second).first)
        #expect(refund.0 == "dave.test")
        let kept = F.storageDeposit - refund.1
        #expect(kept > 0 && kept % 10_000_000_000_000_000_000 == 0 && kept < 10_000_000_000_000_000_000_000)
        let config = try json(chain.view("get_config"))
        #expect(try amount(config["storage_deposits"]) == chain.balance)
        let unpaid = chain.call("register_model", """
            {"model_id":"m9","model_pk":"\(F.modelPk)","model_hash":"\(F.modelHash)","price_prompt_per_1k":"1","price_completion_per_1k":"1"}
            """, from: "dave.test", deposit: 1)
        #expect(panicMessage(unpaid)?.hasPrefix("attach at least ") == true)
        #expect(unpaid.storageWrites.isEmpty && unpaid.promises.isEmpty)
        #expect(second.logs.first?.hasPrefix(#"EVENT_JSON:{"standard":"dcml_market","version":"1.0.0","event":"model_registered","data":{"model_id":"m2""#) == true)

        #expect(panicMessage(chain.call("register_model", """
            {"model_id":"\(F.model)","model_pk":"\(F.modelPk)","model_hash":"\(F.modelHash)","price_prompt_per_1k":"1","price_completion_per_1k":"1"}
            """, from: "mallory.test")) == "model_id already registered (its owner may call update_model)")
        #expect(panicMessage(chain.call("register_model", #"{"model_id":"bad id","model_pk":"00"}"#, from: F.charlie))
            == "expected model_id: 1-128 characters of A-Z a-z 0-9 . _ - : / @ +")
        #expect(panicMessage(chain.call("register_model", #"{"model_id":"m3","model_pk":"00","model_hash":"00"}"#, from: F.charlie))
            == "expected model_pk: 32 bytes of hex (the model's X25519 public key)")
        #expect(panicMessage(chain.call("register_provider", #"{"model_id":"nope","signing_public_key":"\#(market.tee.publicHex)","fee_per_1k":"1"}"#, from: F.bob))
            == "no such model")
        #expect(panicMessage(chain.call("register_provider", #"{"model_id":"m2","signing_public_key":"zz","fee_per_1k":"1"}"#, from: F.bob))
            == "expected signing_public_key: 32 bytes of hex (the node's Ed25519 key)")
        #expect(panicMessage(chain.call("register_provider", #"{"model_id":"m2","signing_public_key":"\#(market.tee.publicHex)","fee_per_1k":"-1"}"#, from: F.bob))
            == "expected fee_per_1k: yoctoNEAR as a decimal string")
        #expect(panicMessage(chain.call("get_config", "{}", from: F.charlie)) == nil)
    }

    @Test func onlyTheOwnerUpdatesAndOpenChannelsKeepTheirSnapshot() throws {
        let chain = try MarketChain()
        let market = try F(chain: chain)
        let id = try market.active(F.minimumDeposit)
        #expect(panicMessage(chain.call("update_model", #"{"model_id":"\#(F.model)","price_prompt_per_1k":"1"}"#, from: F.bob))
            == "only the model's owner may update it")
        let updated = try json(chain.call("update_model", #"{"model_id":"\#(F.model)","price_prompt_per_1k":"7","beneficiary":"new.charlie.test"}"#, from: F.charlie))
        #expect(updated["price_prompt_per_1k"] as? String == "7")
        #expect(updated["price_completion_per_1k"] as? String == "3000")
        #expect(updated["beneficiary"] as? String == "new.charlie.test")
        // Bob moves to a new node with a new key and fee.
        let newTee = TEEKey(2)
        #expect(panicMessage(chain.call("register_provider", #"{"model_id":"\#(F.model)","signing_public_key":"\#(newTee.publicHex)","fee_per_1k":"9"}"#, from: F.bob)) == nil)

        let channel = try market.channel(id)
        #expect(channel["price_prompt_per_1k"] as? String == "1000")
        #expect(channel["fee_per_1k"] as? String == "500")
        #expect(channel["beneficiary"] as? String == F.charlieTreasury)
        #expect(channel["signing_public_key"] as? String == market.tee.publicHex)
        // The new node's key cannot close the old node's channel; the old one can, paying the old beneficiary.
        #expect(panicMessage(chain.call("close_cooperative", market.approval(id, spent: 10, modelShare: 4, nonce: 1, key: newTee), from: F.alice)) != nil)
        let closed = chain.call("close_cooperative", market.approval(id, spent: 10, modelShare: 4, nonce: 1), from: F.alice)
        #expect(transfers(closed).last?.0 == F.charlieTreasury)
        // New channels take the new registration.
        let next = try market.open(F.minimumDeposit)
        #expect(try market.channel(next)["beneficiary"] as? String == "new.charlie.test")
        #expect(try market.channel(next)["signing_public_key"] as? String == newTee.publicHex)
    }

    @Test func builtWasmPassesNearsFeatureRules() throws {
        let wasm = try MarketWasm.code()
        _ = try WasmValidator().validate(wasm)
        let chain = try MarketChain()
        for method in ["new", "register_model", "update_model", "register_provider", "get_model", "get_provider", "get_config",
                       "open_channel", "lock_provider_deposit", "close_cooperative", "force_close", "answer_force_close",
                       "finalize_force_close", "get_channel", "closure_message"] {
            #expect(chain.view(method, "{}").result != .failure(.methodNotFound), "missing export \(method)")
        }
        print("model_market: \(wasm.count) bytes, sha256 \(try MarketWasm.built.get().sha256)")
    }

    /// What `dcml contracts build --check` does for this contract: a fresh build gives the same
    /// bytes and the hash recorded in Contracts/manifest.json, with the manifest's toolchain.
    @Test func buildIsReproducibleAndMatchesTheManifest() throws {
        let toolchain = try ContractToolchain.locate()
        let again = try ContractBuilder(contractsDirectory: MarketWasm.contractsDirectory, toolchain: toolchain).build("model_market")
        let first = try MarketWasm.built.get()
        #expect(again.wasm == first.wasm)
        let manifest = try ContractManifest.load(from: MarketWasm.contractsDirectory.appendingPathComponent(ContractManifest.fileName))
        #expect(manifest.toolchain == (try toolchain.version()))
        #expect(manifest.contracts["model_market"] == ContractManifest.Entry(sha256: first.sha256, size: first.wasm.count))
    }
}
