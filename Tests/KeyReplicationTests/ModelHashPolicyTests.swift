import Inference
import Node
import Testing

/// §9: a model hash baked into app-compose binds the node to those weights.
@Suite struct ModelHashPolicyTests {
    let a = ModelHash(hex: String(repeating: "aa", count: 32))!
    let b = ModelHash(hex: String(repeating: "bb", count: 32))!

    @Test func bakedHashRefusesOtherWeights() {
        let policy = ModelHashPolicy(baked: a)
        #expect(throws: Never.self) { try policy.checkStart(a) }
        #expect(throws: ModelHashPolicyError.notBaked(modelHash: b, baked: a)) { try policy.checkStart(b) }
        #expect(ModelHashPolicyError.notBaked(modelHash: b, baked: a).description.hasPrefix("refusing to start"))
        // load_model may not escape the baked hash either.
        #expect(policy.loadable == [a])
    }

    @Test func allowedHashesWithoutABakedOne() {
        #expect(throws: Never.self) { try ModelHashPolicy().checkStart(b) }
        #expect(ModelHashPolicy().loadable.isEmpty)
        #expect(throws: ModelHashPolicyError.self) { try ModelHashPolicy(allowed: [a]).checkStart(b) }
        #expect(ModelHashPolicy(baked: a, allowed: [b]).loadable == [a, b])
    }
}
