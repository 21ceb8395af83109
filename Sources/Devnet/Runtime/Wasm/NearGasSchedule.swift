/// What a contract call costs: a fixed price per executed wasm instruction (WasmKit fuel) plus
/// a base and per-byte price per host call, modelled on NEAR's `ext_costs` and
/// `regular_op_cost` (protocol config), and the per-call ceiling NEAR enforces.
public struct NearGasSchedule: Sendable, Equatable {
    public var regularOp: UInt64 = 822_756
    /// Every host call.
    public var base: UInt64 = 264_768_111
    public var contractLoadingBase: UInt64 = 35_445_963
    public var contractLoadingByte: UInt64 = 216_750
    public var readMemoryBase: UInt64 = 2_609_863_200
    public var readMemoryByte: UInt64 = 3_801_333
    public var writeMemoryBase: UInt64 = 2_803_794_861
    public var writeMemoryByte: UInt64 = 2_723_772
    public var readRegisterBase: UInt64 = 2_517_165_186
    public var readRegisterByte: UInt64 = 98_562
    public var writeRegisterBase: UInt64 = 2_865_522_486
    public var writeRegisterByte: UInt64 = 3_801_564
    public var utf8DecodingBase: UInt64 = 3_111_779_061
    public var utf8DecodingByte: UInt64 = 291_580_479
    public var logBase: UInt64 = 3_543_313_050
    public var logByte: UInt64 = 13_198_791
    public var storageWriteBase: UInt64 = 64_196_736_000
    public var storageWriteKeyByte: UInt64 = 70_482_867
    public var storageWriteValueByte: UInt64 = 31_018_539
    public var storageReadBase: UInt64 = 56_356_845_750
    public var storageReadKeyByte: UInt64 = 30_952_533
    public var storageReadValueByte: UInt64 = 5_611_005
    public var storageRemoveBase: UInt64 = 53_473_030_500
    public var storageRemoveKeyByte: UInt64 = 38_220_384
    public var storageHasKeyBase: UInt64 = 54_039_896_625
    public var storageHasKeyByte: UInt64 = 30_790_845
    public var sha256Base: UInt64 = 4_540_970_250
    public var sha256Byte: UInt64 = 24_117_351
    public var ed25519VerifyBase: UInt64 = 210_000_000_000
    public var ed25519VerifyByte: UInt64 = 9_000_000
    /// Creating a promise (an outgoing action receipt) and one transfer action on it. Each is
    /// charged twice, as NEAR does: burnt by the call as the send fee, and prepaid for the
    /// receipt's execution (NEAR's send and execution fees for these are the same).
    public var promiseCreate: UInt64 = 108_059_500_000
    public var transferAction: UInt64 = 115_123_062_500
    public var promiseReturn: UInt64 = 560_152_386
    /// NEAR's `max_gas_burnt` per function call (300 Tgas).
    public var maxGasPerCall: UInt64 = 300_000_000_000_000
    /// NEAR's `registers_memory_limit` and `max_register_size`.
    public var registersMemoryLimit = 1 << 30
    public var maxRegisterSize = 100 << 20
    /// NEAR's `max_total_log_length`, `max_number_logs`.
    public var maxTotalLogLength = 16_384
    public var maxNumberLogs = 100

    public init() {}
}
