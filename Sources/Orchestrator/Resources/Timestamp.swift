import DRSModel

/// Timestamps as the API shows them: ISO-8601 UTC with milliseconds (`2026-11-27T05:10:00.123Z`),
/// the form DRS itself uses.
package enum Timestamp {
    /// `milliseconds` since the epoch as ISO-8601 UTC.
    package static func iso8601(_ milliseconds: Int64) -> String {
        DRSTimestamp.string(millisecondsSince1970: milliseconds)
    }
}
