import NearLightClient

/// Signs and sends transactions for one account with one full-access key (a NEAR credentials
/// file, `KeyFile`).
///
/// The first send reads the key's nonce (`view_access_key` at the latest block, so sends not yet
/// final count); later sends count up locally, so consecutive transactions need no extra round
/// trip and never reuse a nonce. Each transaction names the latest final block (NEAR rejects a
/// block hash older than its validity window). After a send the node refused, the nonce is read
/// again on the next send.
///
/// A value type: keep one per sending task (`var signer`), since two copies would count the
/// same nonces.
public struct NearSigner: Sendable {
    public let rpc: NearRPCClient
    public let accountId: String
    let secretKey: SecretKey
    /// The nonce of the last transaction this signer built, once known.
    public private(set) var lastNonce: UInt64?

    public var publicKey: PublicKey { secretKey.publicKey }

    public init(rpc: NearRPCClient, keyFile: KeyFile) throws(NearEncodingError) {
        try AccountId.validate(keyFile.accountId)
        self.rpc = rpc
        accountId = keyFile.accountId
        secretKey = keyFile.secretKey
    }

    /// Builds and signs a transaction to `receiverId` with the next nonce and a recent final
    /// block hash (two RPC reads the first time, one after).
    public mutating func sign(_ actions: [Action], to receiverId: String) async throws -> SignedTransaction {
        try AccountId.validate(receiverId)
        let nonce: UInt64
        if let lastNonce {
            nonce = lastNonce + 1
        } else {
            nonce = try await rpc.viewAccessKey(accountId, publicKey: publicKey, at: .optimistic).nonce + 1
        }
        let blockHash = try await rpc.block(.final).hash
        let tx = Transaction(
            signerId: accountId, publicKey: publicKey, nonce: nonce, receiverId: receiverId, blockHash: blockHash, actions: actions)
        let signed = try tx.signed(with: secretKey)
        lastNonce = nonce
        return signed
    }

    /// Signs, sends and waits for the outcome (`broadcast_tx_commit`). A transaction that ran
    /// and failed is returned with a `.failure` status, not thrown: its fee was paid.
    @discardableResult
    public mutating func send(_ actions: [Action], to receiverId: String) async throws -> FinalExecutionOutcome {
        let signed = try await sign(actions, to: receiverId)
        do {
            return try await rpc.broadcastTxCommit(signed)
        } catch let error as NearRPCClientError {
            if error.cause != "TIMEOUT_ERROR" { lastNonce = nil }
            throw error
        }
    }

    /// Signs and sends without waiting (`broadcast_tx_async`); returns the transaction hash.
    public mutating func sendAsync(_ actions: [Action], to receiverId: String) async throws -> CryptoHash {
        let signed = try await sign(actions, to: receiverId)
        do {
            return try await rpc.broadcastTxAsync(signed)
        } catch {
            lastNonce = nil
            throw error
        }
    }

    // MARK: Conveniences

    /// Moves `yocto` yoctoNEAR to `receiverId`.
    @discardableResult
    public mutating func transfer(_ yocto: UInt128, to receiverId: String) async throws -> FinalExecutionOutcome {
        try await send([.transfer(deposit: yocto)], to: receiverId)
    }

    /// Creates `newAccountId` funded with `yocto` and controlled by `publicKey` (full access).
    /// On NEAR only a parent may create a sub-account (`alice.testnet` creates
    /// `app.alice.testnet`); top-level accounts come from the registrar contract instead.
    @discardableResult
    public mutating func createAccount(_ newAccountId: String, publicKey: PublicKey, initialBalance yocto: UInt128) async throws -> FinalExecutionOutcome {
        try await send([.createAccount, .transfer(deposit: yocto), .addKey(publicKey: publicKey, accessKey: .fullAccess)], to: newAccountId)
    }

    /// Deploys `code` (wasm) to this signer's own account.
    @discardableResult
    public mutating func deployContract(_ code: [UInt8]) async throws -> FinalExecutionOutcome {
        try await send([.deployContract(code: code)], to: accountId)
    }

    /// Calls `method` on `contractId` with JSON (or any) argument bytes.
    @discardableResult
    public mutating func functionCall(
        _ contractId: String, method: String, args: [UInt8] = Array("{}".utf8),
        gas: UInt64 = NearSigner.defaultGas, deposit: UInt128 = 0
    ) async throws -> FinalExecutionOutcome {
        try await send([.functionCall(FunctionCallAction(methodName: method, args: args, gas: gas, deposit: deposit))], to: contractId)
    }

    /// 30 Tgas, what near-cli attaches by default.
    public static let defaultGas: UInt64 = 30_000_000_000_000
}
