/// A contract call: method name, raw argument bytes (usually JSON), gas to attach and a deposit
/// in yoctoNEAR.
public struct FunctionCallAction: Hashable, Sendable {
    public var methodName: String
    public var args: [UInt8]
    public var gas: UInt64
    public var deposit: UInt128

    public init(methodName: String, args: [UInt8], gas: UInt64, deposit: UInt128) {
        self.methodName = methodName
        self.args = args
        self.gas = gas
        self.deposit = deposit
    }
}

extension FunctionCallAction: BorshCodable {
    public func encode(to writer: inout BorshWriter) {
        writer.write(methodName)
        writer.writeBytes(args)
        writer.write(gas)
        writer.write(deposit)
    }

    public init(from reader: inout BorshReader) throws(BorshError) {
        methodName = try reader.readString("method name")
        args = try reader.readBytes("function call args")
        gas = try reader.readU64("gas")
        deposit = try reader.readU128("deposit")
    }
}
