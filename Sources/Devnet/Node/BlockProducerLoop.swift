import Logging

/// Drives `Chain.produceBlock()` for a `BlockProduction` mode. A value holding only what the
/// loop needs; `run()` returns when the task is cancelled.
public struct BlockProducerLoop: Sendable {
    public let chain: Chain
    public let mode: BlockProduction
    public let logger: Logger

    public init(chain: Chain, mode: BlockProduction, logger: Logger = Logger(label: "dcml.devnet.producer")) {
        self.chain = chain
        self.mode = mode
        self.logger = logger
    }

    public func run() async {
        switch mode {
        case .interval(let interval):
            let clock = ContinuousClock()
            var next = clock.now + interval
            while !Task.isCancelled {
                do { try await Task.sleep(until: next, clock: clock) } catch { return }
                next = next + interval
                if next < clock.now { next = clock.now + interval }
                await produceNow()
            }
        case .onDemand:
            let (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            await chain.setOnPending { continuation.yield() }
            for await _ in wakeups {
                if Task.isCancelled { break }
                await produceNow()
            }
            await chain.setOnPending(nil)
        }
    }

    private func produceNow() async {
        do { try await chain.produceBlock() } catch {
            logger.error("block production failed: \(error)")
        }
    }
}
