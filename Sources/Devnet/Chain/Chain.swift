#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NearLightClient

/// The devnet chain: the transaction pool, block production, the committed state, and the
/// light-client views of it. One actor, so blocks are built one at a time; reads are served
/// from memory, and SQLite (`ChainStore`) gets each block in one transaction before memory
/// changes — a block either happened completely or not at all.
public actor Chain {
    public nonisolated let genesis: Genesis
    public nonisolated let schedule: EpochSchedule
    /// How many blocks a transaction's `block_hash` stays valid (NEAR's transaction_validity_period).
    public nonisolated let validityPeriod: UInt64 = 86_400
    let store: ChainStore
    let producers: ProducerSet
    var runtime: Runtime

    public private(set) var state: WorldState
    private(set) var headers: [BlockHeader]
    private var heightByHash: [CryptoHash: UInt64] = [:]
    private var forest = BlockMerkleForest()
    private var pool: [(hash: CryptoHash, tx: SignedTransaction)] = []
    private var pooled: Set<CryptoHash> = []
    private var pendingNonces: [StateChanges.KeySlot: UInt64] = [:]
    private var waiters: [CryptoHash: [(id: UInt64, continuation: CheckedContinuation<TxLocation, Error>)]] = [:]
    private var nextWaiterId: UInt64 = 0
    private var recent: [UInt64: (body: BlockBody, paths: [MerklePath])] = [:]
    /// Called (outside the actor) when a transaction enters an empty pool: the on-demand producer.
    private var onPending: (@Sendable () -> Void)?

    /// Opens the chain in `directory`, creating its genesis block from `genesis` when the
    /// directory is new. An existing directory keeps its own genesis; passing a different one
    /// is an error rather than a silent switch of chains.
    public init(directory: URL, genesis requested: Genesis?, contracts: any ContractRuntime = WasmContractRuntime()) throws {
        let store = try ChainStore(directory: directory)
        let genesis: Genesis
        let storedJSON = try store.genesisJSON()
        if let storedJSON {
            genesis = try JSONDecoder().decode(Genesis.self, from: storedJSON)
            if let requested, requested != genesis {
                throw ChainError.genesisMismatch("\(directory.path) holds chain '\(genesis.chainId)' with another genesis; use a new --data directory")
            }
        } else {
            guard let requested else { throw GenesisError.invalid("no genesis given and \(directory.path) holds no chain") }
            genesis = requested
        }
        try genesis.validate()
        self.genesis = genesis
        self.store = store
        schedule = EpochSchedule(length: genesis.epochLength)
        producers = try ProducerSet(genesis: genesis)
        runtime = Runtime(gasPrice: genesis.gasPrice, contracts: contracts)
        if storedJSON == nil {
            let (header, changes) = Self.genesisBlock(genesis, producers: producers)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try store.commit(header: header, body: BlockBody(), changes: changes, genesisJSON: try encoder.encode(genesis))
        }
        let loaded = try store.headers()
        guard !loaded.isEmpty else { throw ChainError.corruptStore("no genesis block") }
        var byHash: [CryptoHash: UInt64] = [:]
        var forest = BlockMerkleForest()
        for header in loaded {
            guard header.height == 0 || header.prevHash == loaded[Int(header.height) - 1].hash else {
                throw ChainError.corruptStore("block \(header.height)'s prev_hash does not match block \(header.height - 1)")
            }
            byHash[header.hash] = header.height
            forest.append(header.hash)
        }
        headers = loaded
        heightByHash = byHash
        self.forest = forest
        state = try store.state()
    }

    static func genesisBlock(_ genesis: Genesis, producers: ProducerSet) -> (BlockHeader, StateChanges) {
        var changes = StateChanges()
        func usage(_ keys: [PublicKey]) -> UInt64 {
            keys.reduce(StorageUsage.account) { $0 &+ StorageUsage.accessKey($1, .fullAccess) }
        }
        for account in genesis.accounts {
            changes.accounts[account.accountId] = AccountRecord(amount: account.amount, storageUsage: usage(account.keys))
            for key in account.keys { changes.accessKeys[.init(account: account.accountId, publicKey: key)] = AccessKey.fullAccess }
        }
        for validator in genesis.validators {
            changes.accounts[validator.accountId] = AccountRecord(
                amount: validator.amount, locked: validator.stake, storageUsage: usage([validator.publicKey]))
            changes.accessKeys[.init(account: validator.accountId, publicKey: validator.publicKey)] = AccessKey.fullAccess
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let stateRoot = CryptoHash.hash(Array((try? encoder.encode(genesis)) ?? Data()))
        let outcomeRoot = ExecutionOutcomeWithId.blockOutcomeRoot(shardRoots: [BlockBody().outcomeTree().root]).root
        let inner = BlockHeaderInnerLite(
            height: 0, epochId: .zero, nextEpochId: .zero, prevStateRoot: stateRoot, outcomeRoot: outcomeRoot,
            timestamp: genesis.genesisTime, nextBpHash: producers.nextBpHash, blockMerkleRoot: .zero)
        let rest = BlockHeaderInnerRest(producer: producers.stakes[0].accountId, txRoot: .zero, gasPrice: genesis.gasPrice, gasUsed: 0, approvals: [])
        return (BlockHeader(prevHash: .zero, innerLite: inner, innerRest: rest), changes)
    }

    public func setOnPending(_ callback: (@Sendable () -> Void)?) { onPending = callback }

    // MARK: Heads and blocks

    public var head: BlockHeader { headers[headers.count - 1] }
    public var genesisHash: CryptoHash { headers[0].hash }
    public var pendingCount: Int { pool.count }

    public func header(height: UInt64) -> BlockHeader? { height < headers.count ? headers[Int(height)] : nil }
    public func header(hash: CryptoHash) -> BlockHeader? { heightByHash[hash].map { headers[Int($0)] } }

    /// The block a finality names: `optimistic` the head, `near-final` one back, `final` two
    /// back (the devnet's producers always approve, so a block is final two blocks later).
    public func header(finality: String) -> BlockHeader {
        let back: UInt64 = finality == "final" ? 2 : (finality == "near-final" ? 1 : 0)
        return headers[Int(head.height - min(back, head.height))]
    }

    public func body(height: UInt64) throws -> (body: BlockBody, paths: [MerklePath])? {
        if let cached = recent[height] { return cached }
        guard let body = try store.body(height: height) else { return nil }
        let entry = (body, body.outcomeTree().paths)
        remember(height, entry)
        return entry
    }

    private func remember(_ height: UInt64, _ entry: (body: BlockBody, paths: [MerklePath])) {
        if recent.count >= 32, let oldest = recent.keys.min() { recent[oldest] = nil }
        recent[height] = entry
    }

    /// State root after block `height`: the devnet chains sha256 over each block's
    /// transactions instead of keeping a trie (nothing verifies state proofs against it).
    func stateRoot(after height: UInt64) -> CryptoHash {
        let header = headers[Int(height)]
        return CryptoHash.combine(header.innerLite.prevStateRoot, header.innerRest.txRoot)
    }

    // MARK: Transactions

    /// Checks a transaction completely (signature first, off the actor) and puts it in the pool.
    /// Returns its hash; a transaction already pooled or committed is accepted again unchanged.
    public nonisolated func submit(_ signed: SignedTransaction) async throws(InvalidTxError) -> CryptoHash {
        do { try signed.verify() } catch { throw .invalidSignature }
        return try await accept(signed, hash: signed.hash)
    }

    private func accept(_ signed: SignedTransaction, hash: CryptoHash) throws(InvalidTxError) -> CryptoHash {
        if pooled.contains(hash) { return hash }
        if (try? store.transactionLocation(hash)) != nil { return hash }
        let tx = signed.transaction
        guard let blockHeight = heightByHash[tx.blockHash] else { throw .invalidChain }
        guard head.height - blockHeight <= validityPeriod else { throw .expired }
        let slot = StateChanges.KeySlot(account: tx.signerId, publicKey: tx.publicKey)
        _ = try runtime.validate(
            tx, account: state.accounts[tx.signerId], key: state.accessKey(tx.signerId, tx.publicKey),
            pendingNonce: pendingNonces[slot] ?? 0)
        pendingNonces[slot] = tx.nonce
        let wasEmpty = pool.isEmpty
        pool.append((hash, signed))
        pooled.insert(hash)
        if wasEmpty { onPending?() }
        return hash
    }

    /// Waits until the transaction is in a block (or was dropped when its block was built).
    public func waitForInclusion(_ hash: CryptoHash, timeout: Duration = .seconds(30)) async throws -> TxLocation {
        if let location = try transaction(hash) { return location }
        guard pooled.contains(hash) else { throw ChainError.unknownTransaction(hash) }
        nextWaiterId += 1
        let id = nextWaiterId
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.expireWaiter(hash, id: id)
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            waiters[hash, default: []].append((id, continuation))
        }
    }

    private func expireWaiter(_ hash: CryptoHash, id: UInt64) {
        guard let index = waiters[hash]?.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters[hash]!.remove(at: index)
        if waiters[hash]!.isEmpty { waiters[hash] = nil }
        waiter.continuation.resume(throwing: ChainError.timeout(hash))
    }

    /// A committed transaction, or nil if no block has it.
    public func transaction(_ hash: CryptoHash) throws -> TxLocation? {
        guard let (height, index) = try store.transactionLocation(hash), let (body, paths) = try body(height: height) else { return nil }
        return TxLocation(header: headers[Int(height)], body: body, index: index, paths: paths)
    }

    /// The transaction whose execution holds receipt `id` (its own or one its contracts created).
    public func receipt(_ id: CryptoHash) throws -> TxLocation? {
        guard let (height, index) = try store.receiptLocation(id), let (body, paths) = try body(height: height) else { return nil }
        return TxLocation(header: headers[Int(height)], body: body, index: index, paths: paths)
    }

    public func isPending(_ hash: CryptoHash) -> Bool { pooled.contains(hash) }

    // MARK: Block production

    /// Builds, signs and commits the next block with every pooled transaction. Transactions that
    /// became invalid meanwhile are dropped (their waiters get the reason), as NEAR's pool does.
    @discardableResult
    public func produceBlock(now: UInt64 = UInt64(Date().timeIntervalSince1970 * 1_000_000_000)) throws -> BlockHeader {
        let prev = head
        let height = prev.height + 1
        let timestamp = max(now, prev.innerLite.timestamp + 1)
        let epoch = schedule.epochIndex(ofHeight: height)
        let context = BlockContext(
            height: height, timestamp: timestamp, prevBlockHash: prev.hash, epochHeight: schedule.epochHeight(ofHeight: height))
        let (body, changes, gasUsed, dropped) = executePool(in: context)
        let tree = body.outcomeTree()
        let inner = BlockHeaderInnerLite(
            height: height, epochId: epochId(epoch), nextEpochId: epochId(epoch + 1),
            prevStateRoot: stateRoot(after: prev.height),
            outcomeRoot: ExecutionOutcomeWithId.blockOutcomeRoot(shardRoots: [tree.root]).root,
            timestamp: timestamp, nextBpHash: producers.nextBpHash, blockMerkleRoot: forest.root(size: Int(height)))
        let rest = BlockHeaderInnerRest(
            producer: producers.producer(at: height),
            txRoot: MerklePath.merklize(leafHashes: body.executions.map(\.transactionOutcome.id)).root,
            gasPrice: runtime.gasPrice, gasUsed: gasUsed,
            approvals: producers.approvals(endorsing: prev.hash, height: height))
        let header = BlockHeader(prevHash: prev.hash, innerLite: inner, innerRest: rest)

        try store.commit(header: header, body: body, changes: changes)

        state.apply(changes)
        headers.append(header)
        heightByHash[header.hash] = height
        forest.append(header.hash)
        remember(height, (body, tree.paths))
        pool.removeAll(keepingCapacity: true)
        pooled.removeAll(keepingCapacity: true)
        pendingNonces.removeAll(keepingCapacity: true)
        for (index, execution) in body.executions.enumerated() {
            guard let list = waiters.removeValue(forKey: execution.transactionOutcome.id) else { continue }
            let location = TxLocation(header: header, body: body, index: index, paths: tree.paths)
            for waiter in list { waiter.continuation.resume(returning: location) }
        }
        for (hash, error) in dropped {
            for waiter in waiters.removeValue(forKey: hash) ?? [] {
                waiter.continuation.resume(throwing: ChainError.transactionDropped(hash, error))
            }
        }
        return header
    }

    /// Runs every pooled transaction on an overlay of the state and returns what the block
    /// holds and changes. The overlay ends here, so `state.apply` then mutates the state's
    /// dictionaries in place instead of copying what the overlay still shared.
    private func executePool(in context: BlockContext) -> (BlockBody, StateChanges, gasUsed: UInt64, dropped: [(CryptoHash, InvalidTxError)]) {
        var overlay = StateOverlay(base: state)
        var body = BlockBody()
        body.transactions.reserveCapacity(pool.count)
        body.executions.reserveCapacity(pool.count)
        var dropped: [(CryptoHash, InvalidTxError)] = []
        var gasUsed: UInt64 = 0
        for (hash, signed) in pool {
            do {
                let execution = try runtime.apply(signed.transaction, hash: hash, state: &overlay, block: context)
                body.transactions.append(signed)
                body.executions.append(execution)
                gasUsed &+= execution.gasBurnt
            } catch {
                dropped.append((hash, error))
            }
        }
        return (body, overlay.changes, gasUsed, dropped)
    }

    /// Produces `count` blocks (NEAR sandbox's `sandbox_fast_forward`).
    @discardableResult
    public func produceBlocks(_ count: Int) throws -> BlockHeader {
        for _ in 0..<count { try produceBlock() }
        return head
    }

    func blockForestPath(leaf: Int, size: Int) -> MerklePath { forest.path(leaf: leaf, size: size) }

    /// Epoch `index`'s id (see `EpochSchedule`); the block naming it always exists already.
    func epochId(_ index: UInt64) -> CryptoHash {
        guard let height = schedule.idBlockHeight(ofEpoch: index) else { return .zero }
        return headers[Int(height)].hash
    }
}
