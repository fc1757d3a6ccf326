// Literals keep keys and expression values readable at call sites: `["pk": "PLAN#1", "version": 3]`.
extension AttributeValue: ExpressibleByStringLiteral {
    /// An `S` value.
    package init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension AttributeValue: ExpressibleByIntegerLiteral {
    /// An `N` value.
    package init(integerLiteral value: Int64) {
        self = .number(String(value))
    }
}

extension AttributeValue: ExpressibleByFloatLiteral {
    /// An `N` value.
    package init(floatLiteral value: Double) {
        self = .number(Self.numberText(value))
    }
}

extension AttributeValue: ExpressibleByBooleanLiteral {
    /// A `BOOL` value.
    package init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension AttributeValue: ExpressibleByArrayLiteral {
    /// An `L` value.
    package init(arrayLiteral elements: AttributeValue...) {
        self = .list(elements)
    }
}

extension AttributeValue: ExpressibleByDictionaryLiteral {
    /// An `M` value; a repeated key keeps its last value.
    package init(dictionaryLiteral elements: (String, AttributeValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
