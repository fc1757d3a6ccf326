/// One DynamoDB attribute value, as the wire format types it: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`,
/// `SS`, `NS`, `BS`.
///
/// Numbers stay text (`N` is a decimal string of up to 38 digits) so no precision is lost between
/// DynamoDB and our models; binary values are raw bytes (base64 only on the wire).
package enum AttributeValue: Sendable, Hashable {
    /// `S`: a string.
    case string(String)
    /// `N`: a number, as DynamoDB's decimal text (e.g. `"42"`, `"-1.5"`, `"9223372036854775807"`).
    case number(String)
    /// `B`: binary data.
    case binary([UInt8])
    /// `BOOL`.
    case bool(Bool)
    /// `NULL`: an attribute explicitly set to null.
    case null
    /// `M`: a map of named values.
    case map([String: AttributeValue])
    /// `L`: an ordered list of values of any types.
    case list([AttributeValue])
    /// `SS`: a non-empty set of strings.
    case stringSet([String])
    /// `NS`: a non-empty set of numbers, as decimal text.
    case numberSet([String])
    /// `BS`: a non-empty set of binary values.
    case binarySet([[UInt8]])

    /// An `S` value.
    package init(_ value: String) {
        self = .string(value)
    }

    /// An `N` value holding `value` exactly.
    package init(_ value: some BinaryInteger) {
        self = .number(String(value))
    }

    /// An `N` value; `value` must be finite (DynamoDB has no NaN or infinity).
    package init(_ value: Double) {
        self = .number(Self.numberText(value))
    }

    /// A `BOOL` value.
    package init(_ value: Bool) {
        self = .bool(value)
    }

    /// The text of an `S` value, nil for any other type.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The decimal text of an `N` value, nil for any other type.
    package var numberText: String? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// An `N` value as `Int64`, nil for any other type or when it is not an integer in range.
    package var int64Value: Int64? {
        numberText.flatMap { Int64($0) }
    }

    /// An `N` value as `Double`, nil for any other type.
    package var doubleValue: Double? {
        numberText.flatMap { Double($0) }
    }

    /// The value of a `BOOL`, nil for any other type.
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The entries of an `M` value, nil for any other type.
    package var mapValue: [String: AttributeValue]? {
        if case .map(let value) = self { return value }
        return nil
    }

    /// The elements of an `L` value, nil for any other type.
    package var listValue: [AttributeValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    /// Whether this is `NULL`.
    package var isNull: Bool {
        self == .null
    }

    /// Decimal text DynamoDB accepts for a finite `Double`: Swift's shortest round-tripping form,
    /// which uses an exponent (`1e+20`) only where DynamoDB's number syntax allows one.
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            // `2.0` would be stored as `2` anyway; write it so and keep integers integral on the wire.
            return String(Int64(value))
        }
        return String(value)
    }

    /// The wire type name (`S`, `N`, …), for error messages.
    var typeName: String {
        switch self {
        case .string: "S"
        case .number: "N"
        case .binary: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .map: "M"
        case .list: "L"
        case .stringSet: "SS"
        case .numberSet: "NS"
        case .binarySet: "BS"
        }
    }
}
