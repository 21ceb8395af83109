import NearLightClient
@testable import Node
import Testing

/// The node's light-client head proves outcomes against its newest head and the few before it,
/// so a proof requested just before someone else advanced the head still checks out.
@Suite struct LightClientHeadTests {
    static func outcome(_ log: String) -> ExecutionOutcome {
        ExecutionOutcome(logs: [log], receiptIds: [], gasBurnt: 1, tokensBurnt: 0, executorId: "market.test", status: .successValue([]))
    }

    @Test func aProofAgainstARecentEarlierHeadProvesAndAnOldOneDoesNot() throws {
        let chain = ProvingChain()
        var head = LightClientHead(chain.trustedHead)
        let (first, firstHead) = chain.prove(Self.outcome("first"))
        let (second, secondHead) = chain.prove(Self.outcome("second"))
        try head.advance(through: [firstHead, secondHead])
        #expect(head.hash == secondHead.hash)
        #expect(try head.prove(first).logs == ["first"])
        #expect(try head.prove(second).logs == ["second"])

        // An altered outcome proves against none of them.
        var forged = first
        forged.outcomeProof.outcome.logs = ["forged"]
        #expect(throws: APIError.self) { try head.prove(forged) }

        // Once the head has moved on by more than it remembers, the first proof is too old.
        for index in 0..<LightClientHead.rememberedHeads {
            try head.advance(through: [chain.prove(Self.outcome("filler \(index)")).head])
        }
        let refusal = #expect(throws: APIError.self) { try head.prove(first) }
        #expect(refusal?.message.contains("one of the \(LightClientHead.rememberedHeads - 1) heads before it") == true, "\(String(describing: refusal))")
    }
}
