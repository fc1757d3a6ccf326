/// Turns DynamoDB items into our `Decodable` models, without a JSON round trip; the reverse of
/// `DynamoDBItemEncoder`.
///
/// A missing attribute and `NULL` both decode as `nil` for an optional property. `N` decodes into
/// any integer type (exactly, when it fits), `Double`, `Float` or `Decimal`; `L`, `SS`, `NS` and `BS`
/// decode into arrays (and sets); `B` into `[UInt8]` or `Data`; `Date` from ISO 8601 text (`S`) or
/// seconds since 1970 (`N`).
///
/// Stateless: one decoder can serve the whole process.
package struct DynamoDBItemDecoder: Sendable {
    /// A decoder.
    package init() {}

    /// Decodes a model from an item.
    ///
    /// - Throws: `DecodingError` naming the attribute path when a required attribute is missing
    ///   (`keyNotFound`), has another type (`typeMismatch`), or does not fit (`dataCorrupted`, e.g.
    ///   `N` "300" into `UInt8`).
    package func decode<T: Decodable>(_ type: T.Type, from item: DynamoDBItem) throws -> T {
        try decode(type, from: .map(item))
    }

    /// Decodes a model from one attribute value.
    ///
    /// - Throws: `DecodingError` as `decode(_:from:)` for items.
    package func decode<T: Decodable>(_ type: T.Type, from value: AttributeValue) throws -> T {
        try ItemDecoderImplementation.decode(type, from: value, codingPath: [])
    }
}
