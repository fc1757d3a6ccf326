/// A coding key for coding paths and container keys that are not a model's own (list indexes, `super`).
struct ItemCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The key `Encoder.superEncoder()` and `Decoder.superDecoder()` use, as JSONEncoder does.
    static let superKey = ItemCodingKey(stringValue: "super")
}
