import FoundationEssentials

/// How the item coder writes and reads `Date`: ISO 8601 in UTC with milliseconds, e.g.
/// `2025-01-31T09:30:00.000Z`. Fixed-width text sorts in time order, so dates work as sort keys.
enum ItemDateFormat {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    static func text(_ date: Date) -> String {
        withFraction.format(date)
    }

    /// Accepts the text with or without fractional seconds.
    static func date(_ text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }
}
