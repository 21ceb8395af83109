import NearLightClient

/// Gas per action, with NEAR's mainnet values, so outcomes look like NEAR's (a plain transfer
/// burns 223,182,562,500 gas at conversion and again at execution).
public struct FeeSchedule: Sendable {
    public var receiptCreation: UInt64 = 108_059_500_000
    public var createAccount: UInt64 = 3_850_000_000_000
    public var deployContractBase: UInt64 = 184_765_750_000
    public var deployContractPerByte: UInt64 = 6_812_999
    public var functionCallBase: UInt64 = 2_319_861_500_000
    public var functionCallPerByte: UInt64 = 2_235_934
    public var transfer: UInt64 = 115_123_062_500
    public var stake: UInt64 = 141_715_687_500
    public var addKey: UInt64 = 101_765_125_000
    public var deleteKey: UInt64 = 94_946_625_000
    public var deleteAccount: UInt64 = 147_489_000_000

    public init() {}

    /// Gas of one action (the same on the send and the execution side here).
    public func gas(of action: Action) -> UInt64 {
        switch action {
        case .createAccount: createAccount
        case .deployContract(let code): deployContractBase &+ deployContractPerByte &* UInt64(code.count)
        case .functionCall(let call):
            functionCallBase &+ functionCallPerByte &* UInt64(call.methodName.utf8.count + call.args.count)
        case .transfer: transfer
        case .stake: stake
        case .addKey: addKey
        case .deleteKey: deleteKey
        case .deleteAccount: deleteAccount
        }
    }

    /// Gas burnt when the transaction becomes a receipt (and again when the receipt runs).
    public func gas(of actions: [Action]) -> UInt64 {
        actions.reduce(receiptCreation) { $0 &+ gas(of: $1) }
    }
}
