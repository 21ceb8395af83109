import NearLightClient

/// A JSON-RPC error in nearcore's shape:
/// `{"name": "HANDLER_ERROR", "cause": {"name": "UNKNOWN_ACCOUNT", "info": {…}}, "code": -32000,
/// "message": "Server error", "data": …}`. `data` repeats the error in the legacy form older
/// clients read.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case handler = "HANDLER_ERROR"
        case requestValidation = "REQUEST_VALIDATION_ERROR"
        case internalError = "INTERNAL_ERROR"
    }

    public var kind: Kind
    public var cause: String
    public var info: JSONValue?
    public var data: JSONValue

    public init(_ kind: Kind, cause: String, info: JSONValue?, data: JSONValue) {
        self.kind = kind
        self.cause = cause
        self.info = info
        self.data = data
    }

    public var code: Int64 {
        switch (kind, cause) {
        case (.requestValidation, "PARSE_ERROR"): -32700
        case (.requestValidation, "METHOD_NOT_FOUND"): -32601
        default: -32000
        }
    }

    public var message: String {
        switch (kind, cause) {
        case (.requestValidation, "PARSE_ERROR"): "Parse error"
        case (.requestValidation, "METHOD_NOT_FOUND"): "Method not found"
        default: "Server error"
        }
    }

    /// nearcore answers handler errors with 200, bad requests with 400, timeouts with 408.
    public var httpStatus: Int {
        switch kind {
        case .requestValidation: 400
        case .internalError: 500
        case .handler: cause == "TIMEOUT_ERROR" ? 408 : 200
        }
    }

    public var json: JSONValue {
        var causeObject: [String: JSONValue] = ["name": .string(cause)]
        if let info { causeObject["info"] = info }
        return .object([
            "name": .string(kind.rawValue), "cause": .object(causeObject), "code": .integer(code),
            "message": .string(message), "data": data,
        ])
    }

    public var description: String { "\(kind.rawValue) \(cause): \(data)" }

    // MARK: The errors the devnet gives

    public static func parse(_ message: String) -> RPCError {
        RPCError(.requestValidation, cause: "PARSE_ERROR", info: .object(["error_message": .string(message)]), data: .string(message))
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(.requestValidation, cause: "METHOD_NOT_FOUND", info: .object(["method_name": .string(method)]), data: .string(method))
    }

    public static func internalError(_ message: String) -> RPCError {
        RPCError(.internalError, cause: "INTERNAL_ERROR", info: .object(["error_message": .string(message)]), data: .string(message))
    }

    public static func invalidTransaction(_ error: InvalidTxError) -> RPCError {
        let wrapped = JSONValue.object(["TxExecutionError": error.json])
        return RPCError(.handler, cause: "INVALID_TRANSACTION", info: wrapped, data: wrapped)
    }

    public static func unknownBlock(_ reference: String) -> RPCError {
        RPCError(.handler, cause: "UNKNOWN_BLOCK", info: .object(["block_reference": .string(reference)]),
                 data: .string("DB Not Found Error: BLOCK: \(reference)"))
    }

    public static func unknownAccount(_ id: String, at block: BlockHeader) -> RPCError {
        RPCError(.handler, cause: "UNKNOWN_ACCOUNT", info: .object([
            "requested_account_id": .string(id), "block_height": .unsigned(block.height), "block_hash": .string(block.hash.base58),
        ]), data: .string("account \(id) does not exist while viewing"))
    }

    public static func unknownAccessKey(_ key: String, at block: BlockHeader) -> RPCError {
        RPCError(.handler, cause: "UNKNOWN_ACCESS_KEY", info: .object([
            "public_key": .string(key), "block_height": .unsigned(block.height), "block_hash": .string(block.hash.base58),
        ]), data: .string("access key \(key) does not exist while viewing"))
    }

    public static func noContractCode(_ id: String, at block: BlockHeader) -> RPCError {
        RPCError(.handler, cause: "NO_CONTRACT_CODE", info: .object([
            "contract_account_id": .string(id), "block_height": .unsigned(block.height), "block_hash": .string(block.hash.base58),
        ]), data: .string("contract code of account \(id) does not exist while viewing"))
    }

    public static func contractExecution(_ message: String, at block: BlockHeader) -> RPCError {
        RPCError(.handler, cause: "CONTRACT_EXECUTION_ERROR", info: .object([
            "vm_error": .string(message), "block_height": .unsigned(block.height), "block_hash": .string(block.hash.base58),
        ]), data: .string(message))
    }

    public static func unknownTransaction(_ hash: String) -> RPCError {
        RPCError(.handler, cause: "UNKNOWN_TRANSACTION", info: .object(["requested_transaction_hash": .string(hash)]),
                 data: .string("Transaction \(hash) doesn't exist"))
    }

    public static func unknownTransactionOrReceipt(_ id: String) -> RPCError {
        RPCError(.handler, cause: "UNKNOWN_TRANSACTION_OR_RECEIPT", info: .object(["transaction_or_receipt_id": .string(id)]),
                 data: .string("\(id) has not been executed"))
    }

    public static func notConfirmed(_ id: String, _ message: String) -> RPCError {
        RPCError(.handler, cause: "NOT_CONFIRMED", info: .object(["transaction_or_receipt_id": .string(id)]), data: .string(message))
    }

    public static let timeout = RPCError(.handler, cause: "TIMEOUT_ERROR", info: nil, data: .string("Timeout"))

    /// A request whose params are not what the method takes.
    public static func invalidParams(_ message: String) -> RPCError {
        RPCError(.requestValidation, cause: "PARSE_ERROR", info: .object(["error_message": .string(message)]), data: .string(message))
    }
}
