/// HTTP header fields in the order they were added, names compared case-insensitively.
///
/// Repeated names are kept as separate fields (SigV4 joins their values with `,` in that order).
package struct AWSHTTPHeaders: Sendable, Equatable {
    /// One header line.
    package struct Field: Sendable, Equatable {
        /// The name as given (comparisons ignore case).
        package var name: String
        /// The value as given (untrimmed).
        package var value: String

        /// A header line `name: value`.
        package init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields, in insertion order.
    package private(set) var fields: [Field]

    /// No headers.
    package init() {
        fields = []
    }

    /// The given fields, in order.
    package init(_ fields: [(name: String, value: String)]) {
        self.fields = fields.map { Field(name: $0.name, value: $0.value) }
    }

    /// The value of the first field named `name` (any case), or nil.
    package subscript(name: String) -> String? {
        fields.first { Self.sameName($0.name, name) }?.value
    }

    /// The values of every field named `name` (any case), in order.
    package func values(for name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` (any case) is present.
    package func contains(_ name: String) -> Bool {
        fields.contains { Self.sameName($0.name, name) }
    }

    /// Appends a field, keeping any existing ones with the same name.
    package mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` (any case) by one field with `value`, appended at the end.
    package mutating func replaceOrAdd(_ name: String, _ value: String) {
        remove(name)
        fields.append(Field(name: name, value: value))
    }

    /// Removes every field named `name` (any case).
    package mutating func remove(_ name: String) {
        fields.removeAll { Self.sameName($0.name, name) }
    }

    /// Number of fields.
    package var count: Int { fields.count }

    /// ASCII case-insensitive comparison: header names are ASCII tokens, so no Unicode folding is needed.
    static func sameName(_ a: String, _ b: String) -> Bool {
        let a = a.utf8
        let b = b.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { lowerASCII($0) == lowerASCII($1) }
    }

    static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

extension AWSHTTPHeaders: ExpressibleByDictionaryLiteral {
    /// Headers from a literal, in the literal's order.
    package init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }
}

extension AWSHTTPHeaders: Sequence {
    package func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}
