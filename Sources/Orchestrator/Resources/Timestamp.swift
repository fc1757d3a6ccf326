import AWSCore

/// Timestamps as the API shows them: ISO-8601 UTC with milliseconds (`2026-11-27T05:10:00.123Z`).
package enum Timestamp {
    /// `milliseconds` since the epoch as ISO-8601 UTC.
    package static func iso8601(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = milliseconds - seconds * 1000
        // amzDate is `YYYYMMDDTHHMMSSZ`.
        let stamp = Array(AWSDate(secondsSince1970: seconds).amzDate)
        guard stamp.count == 16 else { return String(stamp) }
        let fraction = String(millis + 1000).dropFirst()
        return "\(String(stamp[0..<4]))-\(String(stamp[4..<6]))-\(String(stamp[6..<8]))T"
            + "\(String(stamp[9..<11])):\(String(stamp[11..<13])):\(String(stamp[13..<15])).\(fraction)Z"
    }
}
