import Testing
@testable import Inference

struct SamplerTests {
    let logits: [Float] = [0.5, 3.0, -1.0, 2.9, 0.0, 1.0]

    func sample(_ p: SamplingParameters, _ logits: [Float]) -> Int32 {
        var sampler = Sampler(p)
        return logits.withUnsafeBufferPointer { sampler.sample($0) }
    }

    @Test func greedyPicksTheLargestLogit() {
        #expect(sample(.init(temperature: 0), logits) == 1)
        #expect(sample(.init(temperature: 1, topK: 1), logits) == 1)
    }

    @Test func sameSeedSameTokens() {
        let wide = (0..<1000).map { Float(($0 * 7919) % 13) / 4 }
        var a = Sampler(.init(temperature: 1.3, topP: 0.9, seed: 42))
        var b = Sampler(.init(temperature: 1.3, topP: 0.9, seed: 42))
        var c = Sampler(.init(temperature: 1.3, topP: 0.9, seed: 43))
        let sa = wide.withUnsafeBufferPointer { p in (0..<50).map { _ in a.sample(p) } }
        let sb = wide.withUnsafeBufferPointer { p in (0..<50).map { _ in b.sample(p) } }
        let sc = wide.withUnsafeBufferPointer { p in (0..<50).map { _ in c.sample(p) } }
        #expect(sa == sb)
        #expect(sa != sc)
    }

    @Test func topKNeverLeavesTheKBest() {
        var sampler = Sampler(.init(temperature: 2, topK: 2, seed: 1))
        let seen = Set(logits.withUnsafeBufferPointer { p in (0..<500).map { _ in sampler.sample(p) } })
        #expect(seen == [1, 3])
    }

    @Test func tinyTopPIsGreedy() {
        var sampler = Sampler(.init(temperature: 1, topP: 0.01, seed: 7))
        let seen = Set(logits.withUnsafeBufferPointer { p in (0..<200).map { _ in sampler.sample(p) } })
        #expect(seen == [1])
    }

    @Test func topPKeepsTheNucleusOfALargeVocabulary() {
        // Two tokens hold almost all the mass; a 0.9 nucleus must never pick anything else.
        var big = [Float](repeating: -10, count: 49_152)
        big[100] = 5
        big[40_000] = 4.9
        var sampler = Sampler(.init(temperature: 1, topP: 0.9, seed: 3))
        let seen = Set(big.withUnsafeBufferPointer { p in (0..<300).map { _ in sampler.sample(p) } })
        #expect(seen == [100, 40_000])
    }

    @Test func temperatureSamplingFollowsTheDistribution() {
        // p(1) / p(0) = e^2 at temperature 1.
        let two: [Float] = [0, 2]
        var sampler = Sampler(.init(temperature: 1, seed: 11))
        let draws = two.withUnsafeBufferPointer { p in (0..<20_000).map { _ in sampler.sample(p) } }
        let ones = Double(draws.filter { $0 == 1 }.count) / 20_000
        let expected = exp(2.0) / (1 + exp(2.0))
        #expect(abs(ones - expected) < 0.02)
    }
}

import Foundation
