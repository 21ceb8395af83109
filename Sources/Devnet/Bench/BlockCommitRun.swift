import NearLightClient

/// The measured loop both devnet benchmarks share: signed transactions go in blocks of `perBlock`,
/// each block's share submitted by two concurrent clients (signature checks run off the chain
/// actor), then the block is produced. Only this loop is timed.
struct BlockCommitRun {
    var blocks = 0
    var executions = 0
    var seconds = 0.0

    /// Commits `signed`; `check` sees each block's executions (and may refuse them) before they count.
    static func commit(
        _ signed: [SignedTransaction], perBlock: Int, on chain: Chain,
        check: (_ executions: [TxExecution], _ height: UInt64) throws -> Void = { _, _ in }
    ) async throws -> BlockCommitRun {
        var run = BlockCommitRun()
        let start = ContinuousClock.now
        for batch in stride(from: 0, to: signed.count, by: perBlock) {
            let slice = signed[batch..<min(batch + perBlock, signed.count)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                let lanes = 2
                for lane in 0..<lanes {
                    let part = Array(slice.enumerated().filter { $0.offset % lanes == lane }.map(\.element))
                    group.addTask { for tx in part { _ = try await chain.submit(tx) } }
                }
                try await group.waitForAll()
            }
            let header = try await chain.produceBlock()
            let executions = try await chain.body(height: header.height)?.body.executions ?? []
            try check(executions, header.height)
            run.executions += executions.count
            run.blocks += 1
        }
        let elapsed = ContinuousClock.now - start
        run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return run
    }
}
