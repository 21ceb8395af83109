/// SIMULATED: the simulated TEE's monotonic counter: an in-memory value standing in for a TDX/TPM
/// non-volatile counter. What makes it a hardware counter in tests is where it lives: outside the
/// node state a test snapshots and restores, just as the real one lives outside the VM's memory and
/// disk. It protects nothing against a real host; the simulated TEE says so everywhere.
public actor SimulatedHardwareCounter: MonotonicCounter {
    private var value: UInt64

    public init(value: UInt64 = 0) {
        self.value = value
    }

    public func current() -> UInt64 { value }

    public func increment() -> UInt64 {
        value += 1
        return value
    }
}
