/// One SPDM measurement block in DMTF format: index, measurement specification, and the DMTF value
/// (type and bytes). For Hopper, each value is a SHA-384 digest compared against the RIM.
public struct SPDMMeasurementBlock: Sendable, Equatable {
    public var index: UInt8
    public var specification: UInt8
    public var valueType: UInt8
    public var value: [UInt8]

    public init(index: UInt8, specification: UInt8 = 1, valueType: UInt8 = 1, value: [UInt8]) {
        self.index = index; self.specification = specification; self.valueType = valueType; self.value = value
    }

    func serialize(into out: inout [UInt8]) {
        out.append(index)
        out.append(specification)
        out.appendLE16(UInt16(3 + value.count))
        out.append(valueType)
        out.appendLE16(UInt16(value.count))
        out += value
    }
}
