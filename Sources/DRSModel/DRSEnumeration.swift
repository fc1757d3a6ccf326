/// A DRS string enumeration that tolerates values this code does not know yet.
///
/// DRS adds enum values over time (new job initiators, replication states); decoding an unknown one
/// must not fail the whole response. Conforming types are structs around the raw string, with the
/// known values as static constants, so `state == .continuous` reads like an enum while
/// `rawValue` keeps whatever AWS sent.
package protocol DRSEnumeration: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
where RawValue == String {
    /// Wraps any string, known or not.
    init(rawValue: String)
}

extension DRSEnumeration {
    /// A value from a literal, e.g. `"CONTINUOUS"`.
    package init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    package var description: String { rawValue }
}
