import NearLightClient

/// Why an action failed while its receipt ran (nearcore's `ActionErrorKind`); the receipt's
/// outcome carries it as `{"Failure": {"ActionError": {"index": i, "kind": …}}}`.
public enum ActionErrorKind: Error, Equatable, Sendable {
    case accountAlreadyExists(String)
    case accountDoesNotExist(String)
    case createAccountNotAllowed(account: String, predecessor: String)
    case actorNoPermission(account: String, actor: String)
    case addKeyAlreadyExists(account: String, publicKey: PublicKey)
    case deleteKeyDoesNotExist(account: String, publicKey: PublicKey)
    case lackBalanceForState(account: String, amount: UInt128)
    case deleteAccountWithLargeState(String)
    /// `FunctionCallError` as NEAR writes it (e.g. `{"ExecutionError": "…"}`).
    case functionCallError(JSONValue)

    var json: JSONValue {
        func obj(_ name: String, _ fields: [String: JSONValue]) -> JSONValue { .object([name: .object(fields)]) }
        switch self {
        case .accountAlreadyExists(let id): return obj("AccountAlreadyExists", ["account_id": .string(id)])
        case .accountDoesNotExist(let id): return obj("AccountDoesNotExist", ["account_id": .string(id)])
        case .createAccountNotAllowed(let id, let predecessor):
            return obj("CreateAccountNotAllowed", ["account_id": .string(id), "predecessor_id": .string(predecessor)])
        case .actorNoPermission(let id, let actor):
            return obj("ActorNoPermission", ["account_id": .string(id), "actor_id": .string(actor)])
        case .addKeyAlreadyExists(let id, let key):
            return obj("AddKeyAlreadyExists", ["account_id": .string(id), "public_key": .string(key.description)])
        case .deleteKeyDoesNotExist(let id, let key):
            return obj("DeleteKeyDoesNotExist", ["account_id": .string(id), "public_key": .string(key.description)])
        case .lackBalanceForState(let id, let amount):
            return obj("LackBalanceForState", ["account_id": .string(id), "amount": .string(String(amount))])
        case .deleteAccountWithLargeState(let id): return obj("DeleteAccountWithLargeState", ["account_id": .string(id)])
        case .functionCallError(let error): return .object(["FunctionCallError": error])
        }
    }

    /// The outcome status of a receipt whose action `index` failed with this error.
    func failure(index: Int) -> ExecutionStatus {
        .failure(.object(["ActionError": .object(["index": .unsigned(UInt64(index)), "kind": json])]))
    }
}
