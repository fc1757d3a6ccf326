import FoundationEssentials

/// Turns our `Encodable` models into DynamoDB items, without a JSON round trip.
///
/// Mapping: `String` → `S`; integers, `Double`, `Float`, `Decimal` → `N` (exact decimal text, so an
/// `Int64` keeps all its digits); `Bool` → `BOOL`; arrays → `L`; structs and `[String: T]`
/// dictionaries → `M`; `[UInt8]` and `Data` → `B`; `Date` → `S` in ISO 8601 UTC with milliseconds
/// (so dates sort as text); `AttributeValue` as itself. A `nil` optional property is omitted from the
/// item (synthesized `Codable` skips it); an explicit `encodeNil` writes `NULL`.
///
/// Stateless: one encoder can serve the whole process.
package struct DynamoDBItemEncoder: Sendable {
    /// An encoder.
    package init() {}

    /// Encodes `value` as an item.
    ///
    /// - Throws: `EncodingError.invalidValue` when `value` does not encode as a map (a top-level
    ///   string, number or list is not an item) or holds a non-finite floating-point number.
    package func encode<T: Encodable>(_ value: T) throws -> DynamoDBItem {
        guard case .map(let item) = try encodeValue(value) else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: [],
                    debugDescription: "\(T.self) does not encode as a map, so it cannot be a DynamoDB item"
                )
            )
        }
        return item
    }

    /// Encodes `value` as one attribute value, e.g. for `ExpressionAttributeValues`.
    ///
    /// - Throws: `EncodingError.invalidValue` when `value` holds a non-finite floating-point number.
    package func encodeValue<T: Encodable>(_ value: T) throws -> AttributeValue {
        try ItemEncoderImplementation.slot(for: value, codingPath: []).resolved
    }
}
