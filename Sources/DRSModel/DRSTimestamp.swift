import Primitives

/// DRS timestamps: strings such as `2024-05-02T10:11:12.345Z` (the model's pattern) or
/// `2024-05-02T10:11:12.345678+00:00` (what the service has been seen to send), converted to and
/// from milliseconds since the epoch without Foundation's date formatters.
package enum DRSTimestamp {
    /// The DRS text of an instant: `YYYY-MM-DDTHH:MM:SS.mmmZ`, UTC, millisecond precision.
    package static func string(millisecondsSince1970 milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let fraction = milliseconds - seconds * 1000
        // `amzDate` is `YYYYMMDD'T'HHMMSS'Z'`; re-punctuate it rather than redo the calendar.
        let compact = Array(AWSDate(secondsSince1970: seconds).amzDate.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        out += compact[0..<4] + [UInt8(ascii: "-")] + compact[4..<6] + [UInt8(ascii: "-")] + compact[6..<8]
        out += [UInt8(ascii: "T")] + compact[9..<11] + [UInt8(ascii: ":")] + compact[11..<13]
        out += [UInt8(ascii: ":")] + compact[13..<15] + [UInt8(ascii: ".")]
        let millis = String(fraction)
        out += Array(String(repeating: "0", count: 3 - millis.count).utf8) + Array(millis.utf8) + [UInt8(ascii: "Z")]
        return String(decoding: out, as: UTF8.self)
    }

    /// Milliseconds since the epoch of a DRS timestamp, nil when the text is not
    /// `YYYY-MM-DDTHH:MM:SS[.fraction]` followed by `Z`, `±HH:MM` or `±HHMM`.
    package static func millisecondsSince1970(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        guard let base = AWSDate(iso8601: String(decoding: bytes[0..<19], as: UTF8.self) + "Z") else { return nil }
        var index = 19
        var milliseconds: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, let digit = digitValue(bytes[index]) {
                // Only the first three digits count; the rest is below our precision.
                if digits < 3 { milliseconds = milliseconds * 10 + digit }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 3)..<3 { milliseconds *= 10 }
        }
        let zone = bytes[index...]
        var offsetSeconds: Int64 = 0
        if zone.elementsEqual("Z".utf8) || zone.elementsEqual("z".utf8) {
            offsetSeconds = 0
        } else if let sign = zone.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let rest = Array(zone.dropFirst()).filter { $0 != UInt8(ascii: ":") }
            guard rest.count == 4, zone.count == 5 || zone.count == 6,
                let h1 = digitValue(rest[0]), let h2 = digitValue(rest[1]),
                let m1 = digitValue(rest[2]), let m2 = digitValue(rest[3])
            else { return nil }
            offsetSeconds = ((h1 * 10 + h2) * 60 + m1 * 10 + m2) * 60
            if sign == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
        } else {
            return nil
        }
        return (base.secondsSince1970 - offsetSeconds) * 1000 + milliseconds
    }

    private static func digitValue(_ byte: UInt8) -> Int64? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int64(byte - UInt8(ascii: "0")) : nil
    }
}
