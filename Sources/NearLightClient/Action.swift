/// nearcore's `Action`, with its borsh variant tags: CreateAccount 0, DeployContract 1,
/// FunctionCall 2, Transfer 3, Stake 4, AddKey 5, DeleteKey 6, DeleteAccount 7. Later variants
/// (Delegate, global contracts, …) are rejected on decode.
public enum Action: Hashable, Sendable {
    case createAccount
    case deployContract(code: [UInt8])
    case functionCall(FunctionCallAction)
    /// Amount in yoctoNEAR.
    case transfer(deposit: UInt128)
    case stake(stake: UInt128, publicKey: PublicKey)
    case addKey(publicKey: PublicKey, accessKey: AccessKey)
    case deleteKey(publicKey: PublicKey)
    case deleteAccount(beneficiaryId: String)
}

extension Action: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        switch self {
        case .createAccount:
            writer.write(UInt8(0))
        case .deployContract(let code):
            writer.write(UInt8(1))
            writer.writeBytes(code)
        case .functionCall(let call):
            writer.write(UInt8(2))
            writer.write(call)
        case .transfer(let deposit):
            writer.write(UInt8(3))
            writer.write(deposit)
        case .stake(let stake, let publicKey):
            writer.write(UInt8(4))
            writer.write(stake)
            writer.write(publicKey)
        case .addKey(let publicKey, let accessKey):
            writer.write(UInt8(5))
            writer.write(publicKey)
            writer.write(accessKey)
        case .deleteKey(let publicKey):
            writer.write(UInt8(6))
            writer.write(publicKey)
        case .deleteAccount(let beneficiaryId):
            writer.write(UInt8(7))
            writer.write(beneficiaryId)
        }
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        switch try reader.readU8("action") {
        case 0: self = .createAccount
        case 1: self = .deployContract(code: try reader.readBytes("contract code"))
        case 2: self = .functionCall(try reader.read())
        case 3: self = .transfer(deposit: try reader.readU128("transfer deposit"))
        case 4: self = .stake(stake: try reader.readU128("stake"), publicKey: try reader.read())
        case 5: self = .addKey(publicKey: try reader.read(), accessKey: try reader.read())
        case 6: self = .deleteKey(publicKey: try reader.read())
        case 7: self = .deleteAccount(beneficiaryId: try reader.readString("beneficiary id"))
        case let tag: throw .invalidEnumTag(type: "Action (supported: 0–7)", tag: tag)
        }
    }
}
