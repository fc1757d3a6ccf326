/// Finds the top-level members of a JSON object text without building a tree, so the envelope can
/// copy them beside `statusCode` (spec §1.2) at the cost of one scan.
package enum JSONMembers {
    /// A member: its key as it appears between the quotes (still escaped) and its value's byte range.
    package struct Member: Equatable {
        package var key: Range<Int>
        package var value: Range<Int>
    }

    /// The members of `json` when it is an object; nil for any other value or malformed text.
    package static func topLevel(of json: [UInt8]) -> [Member]? {
        var index = skipSpace(json, 0)
        guard index < json.count, json[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(json, index + 1)
        var members: [Member] = []
        if index < json.count, json[index] == UInt8(ascii: "}") { return members }
        while index < json.count {
            guard json[index] == UInt8(ascii: "\""), let keyEnd = endOfString(json, index) else { return nil }
            let key = (index + 1)..<(keyEnd - 1)
            index = skipSpace(json, keyEnd)
            guard index < json.count, json[index] == UInt8(ascii: ":") else { return nil }
            let valueStart = skipSpace(json, index + 1)
            guard let valueEnd = endOfValue(json, valueStart) else { return nil }
            members.append(Member(key: key, value: valueStart..<valueEnd))
            index = skipSpace(json, valueEnd)
            guard index < json.count else { return nil }
            if json[index] == UInt8(ascii: "}") { return members }
            guard json[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(json, index + 1)
        }
        return nil
    }

    private static func skipSpace(_ json: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < json.count,
            json[index] == 0x20 || json[index] == 0x0A || json[index] == 0x0D || json[index] == 0x09
        {
            index += 1
        }
        return index
    }

    /// Index just past the closing quote of the string starting at `start`.
    private static func endOfString(_ json: [UInt8], _ start: Int) -> Int? {
        var index = start + 1
        while index < json.count {
            switch json[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// Index just past the value starting at `start`.
    private static func endOfValue(_ json: [UInt8], _ start: Int) -> Int? {
        guard start < json.count else { return nil }
        switch json[start] {
        case UInt8(ascii: "\""):
            return endOfString(json, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < json.count {
                switch json[index] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(json, index) else { return nil }
                    index = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < json.count, !"},] \n\r\t".utf8.contains(json[index]) { index += 1 }
            return index > start ? index : nil
        }
    }
}
