/// A seeded pseudo-random source (SplitMix64) so the simulator's IDs and injected throttling are
/// the same on every run with the same seed and the same calls.
struct SimulatorRandom: Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number in `[0, 1)`.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }

    /// `count` lowercase hex digits.
    mutating func hex(_ count: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var bits = next()
        var available = 16
        for _ in 0..<count {
            if available == 0 {
                bits = next()
                available = 16
            }
            out.append(digits[Int(bits & 0xF)])
            bits >>= 4
            available -= 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
