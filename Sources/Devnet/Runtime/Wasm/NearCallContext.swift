import WasmKit

/// The mutable state of one contract call, shared by its host functions: registers, the storage
/// overlay and its usage, the balance left after transfers, logs, the return value, promises
/// and the gas meter. One per call, confined to the thread that runs it.
final class NearCallContext {
    let call: ContractCall
    let schedule: NearGasSchedule
    let store: Store
    var memory: Memory?

    var registers: [UInt64: [UInt8]] = [:]
    var registersSize = 0
    var writes: [[UInt8]: [UInt8]?] = [:]
    var logs: [String] = []
    var totalLogLength = 0
    var returned: ContractReturn = .value([])
    var promises: [NearPromise] = []
    /// `account_balance`: the account's balance less what the call's transfers already took.
    var balance: UInt128
    /// `storage_usage`: the account's usage with this call's writes counted as NEAR counts them.
    var storageUsage: UInt64
    /// The first host error, kept here as well as thrown: the interpreter may wrap what a host
    /// function throws, and this is what the outcome must report.
    var failure: NearHostError?

    let gasLimit: UInt64
    /// Gas burnt by this call plus gas prepaid for its promises' execution; bounded by `gasLimit`.
    private(set) var gasUsed: UInt64 = 0
    /// Gas burnt by this call itself (instructions, host calls, sending receipts).
    private(set) var gasBurnt: UInt64 = 0
    private var fuelAtLastCharge: UInt64

    init(call: ContractCall, schedule: NearGasSchedule, store: Store) {
        self.call = call
        self.schedule = schedule
        self.store = store
        balance = call.accountBalance
        storageUsage = call.storageUsage
        gasLimit = min(call.gas, schedule.maxGasPerCall)
        fuelAtLastCharge = gasLimit / schedule.regularOp
        store.fuel = Fuel(remaining: fuelAtLastCharge)
    }

    /// Fails the call with `error` (recording it first).
    func fail(_ error: NearHostError) -> NearHostError {
        if failure == nil { failure = error }
        return error
    }

    /// Burns the instructions executed since the last charge and `gas`, reserves `prepaid` for
    /// a promise's execution, then gives the interpreter fuel for exactly what is left.
    func charge(_ gas: UInt64, prepaid: UInt64 = 0) throws(NearHostError) {
        let remaining = store.fuel?.remaining ?? 0
        let ops = fuelAtLastCharge &- min(remaining, fuelAtLastCharge)
        let (opsGas, o1) = ops.multipliedReportingOverflow(by: schedule.regularOp)
        let (burnt, o2) = opsGas.addingReportingOverflow(gas)
        let (withPrepaid, o3) = burnt.addingReportingOverflow(prepaid)
        let (next, o4) = gasUsed.addingReportingOverflow(withPrepaid)
        guard !(o1 || o2 || o3 || o4), next <= gasLimit else {
            exhaust()
            throw fail(call.gas > schedule.maxGasPerCall ? .gasLimitExceeded : .gasExceeded)
        }
        gasUsed = next
        gasBurnt &+= burnt
        fuelAtLastCharge = (gasLimit - gasUsed) / schedule.regularOp
        store.fuel = Fuel(remaining: fuelAtLastCharge)
    }

    /// Out of gas: every unit is spent, and burnt (a failed call's promises never run, so
    /// nothing stays prepaid).
    func exhaust() {
        gasUsed = gasLimit
        gasBurnt = gasLimit
    }

    func forbidInView(_ name: String) throws(NearHostError) {
        if call.isView { throw fail(.prohibitedInView(name)) }
    }

    // MARK: memory

    func read(_ ptr: UInt64, _ len: UInt64) throws(NearHostError) -> [UInt8] {
        try charge(schedule.readMemoryBase &+ schedule.readMemoryByte &* len)
        guard let memory, len <= UInt64(memory.byteCount), ptr <= UInt64(memory.byteCount) - len else {
            throw fail(.memoryAccessViolation)
        }
        if len == 0 { return [] }
        return memory.withUnsafeBufferPointer(offset: UInt(ptr), count: Int(len)) { Array($0) }
    }

    func write(_ ptr: UInt64, _ bytes: [UInt8]) throws(NearHostError) {
        try charge(schedule.writeMemoryBase &+ schedule.writeMemoryByte &* UInt64(bytes.count))
        let len = UInt64(bytes.count)
        guard let memory, len <= UInt64(memory.byteCount), ptr <= UInt64(memory.byteCount) - len else {
            throw fail(.memoryAccessViolation)
        }
        if bytes.isEmpty { return }
        memory.withUnsafeMutableBufferPointer(offset: UInt(ptr), count: bytes.count) { buffer in
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
    }

    func writeU128(_ ptr: UInt64, _ value: UInt128) throws(NearHostError) {
        var le = value.littleEndian
        try write(ptr, withUnsafeBytes(of: &le) { Array($0) })
    }

    func readU128(_ ptr: UInt64) throws(NearHostError) -> UInt128 {
        let bytes = try read(ptr, 16)
        var value: UInt128 = 0
        for (i, b) in bytes.enumerated() { value |= UInt128(b) << (8 * i) }
        return value
    }

    func readUTF8(_ ptr: UInt64, _ len: UInt64) throws(NearHostError) -> String {
        let bytes = try read(ptr, len)
        try charge(schedule.utf8DecodingBase &+ schedule.utf8DecodingByte &* len)
        guard let s = String(validating: bytes, as: UTF8.self) else { throw fail(.badUTF8) }
        return s
    }

    // MARK: registers

    func setRegister(_ id: UInt64, _ bytes: [UInt8]) throws(NearHostError) {
        try charge(schedule.writeRegisterBase &+ schedule.writeRegisterByte &* UInt64(bytes.count))
        guard bytes.count <= schedule.maxRegisterSize else { throw fail(.registersLimitExceeded) }
        let size = registersSize - (registers[id]?.count ?? 0) + bytes.count
        guard size <= schedule.registersMemoryLimit else { throw fail(.registersLimitExceeded) }
        registersSize = size
        registers[id] = bytes
    }

    // MARK: storage

    func storageValue(_ key: [UInt8]) -> [UInt8]? {
        if let overlay = writes[key] { return overlay }
        return call.storage[key]
    }

    /// Records a write (`nil` removes) and keeps `storageUsage` as NEAR does: a new record adds
    /// its key, value and per-record overhead; replacing one changes it by the values' difference.
    /// Returns the value it replaced.
    func writeStorage(_ key: [UInt8], _ value: [UInt8]?) -> [UInt8]? {
        let old = storageValue(key)
        switch (old, value) {
        case (nil, let new?): storageUsage &+= StorageUsage.data(keyLength: key.count, valueLength: new.count)
        case (let old?, let new?): storageUsage = storageUsage &- UInt64(old.count) &+ UInt64(new.count)
        case (let old?, nil): storageUsage &-= StorageUsage.data(keyLength: key.count, valueLength: old.count)
        case (nil, nil): return nil
        }
        writes[key] = .some(value)
        return old
    }
}
