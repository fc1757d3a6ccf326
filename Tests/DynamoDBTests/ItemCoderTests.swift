import DynamoDB
import Foundation
import Testing

@Suite("DynamoDBItemEncoder and DynamoDBItemDecoder")
struct ItemCoderTests {
    enum Status: String, Codable, Equatable {
        case pending = "PENDING"
        case completed = "COMPLETED"
    }

    struct Server: Codable, Equatable {
        var id: String
        var tags: [String: String]
    }

    struct Wave: Codable, Equatable {
        var number: Int
        var servers: [Server]
        var pauseBefore: Bool
    }

    struct Plan: Codable, Equatable {
        var pk: String
        var version: Int64
        var big: Int64
        var small: Int8
        var unsigned: UInt64
        var ratio: Double
        var float: Float
        var status: Status
        var description: String?
        var owner: String?
        var waves: [Wave]
        var matrix: [[Int]]
        var counts: [String: Int]
        var checksum: [UInt8]
        var payload: Data
        var createdAt: Date
        var labels: Set<String>
        var price: Decimal

        enum CodingKeys: String, CodingKey {
            case pk = "PK"
            case version, big, small, unsigned, ratio, float, status, description, owner, waves, matrix, counts
            case checksum, payload, createdAt, labels, price
        }
    }

    static let plan = Plan(
        pk: "PLAN#1",
        version: 7,
        big: Int64.max,
        small: -128,
        unsigned: UInt64.max,
        ratio: 0.1,
        float: 1.5,
        status: .pending,
        description: "first",
        owner: nil,
        waves: [
            Wave(number: 1, servers: [Server(id: "s-1", tags: ["Tier": "web"])], pauseBefore: false),
            Wave(number: 2, servers: [], pauseBefore: true),
        ],
        matrix: [[1, 2], [], [3]],
        counts: ["a": 1, "b": -2],
        checksum: [0, 255, 16],
        payload: Data([1, 2, 3]),
        createdAt: Date(timeIntervalSince1970: 1_735_689_600.25),
        labels: ["x"],
        price: Decimal(string: "12345678901234567890.123456789") ?? 0
    )

    @Test("encodes a nested model to the attribute types DynamoDB expects")
    func encodesNestedModel() throws {
        let item = try DynamoDBItemEncoder().encode(Self.plan)
        #expect(item["PK"] == .string("PLAN#1"))
        #expect(item["version"] == .number("7"))
        #expect(item["big"] == .number("9223372036854775807"))
        #expect(item["small"] == .number("-128"))
        #expect(item["unsigned"] == .number("18446744073709551615"))
        #expect(item["ratio"] == .number("0.1"))
        #expect(item["float"] == .number("1.5"))
        #expect(item["status"] == .string("PENDING"))
        #expect(item["description"] == .string("first"))
        #expect(item["owner"] == nil, "a nil optional is omitted, not written as NULL")
        #expect(
            item["waves"]
                == .list([
                    .map([
                        "number": .number("1"), "pauseBefore": .bool(false),
                        "servers": .list([.map(["id": .string("s-1"), "tags": .map(["Tier": .string("web")])])]),
                    ]),
                    .map(["number": .number("2"), "pauseBefore": .bool(true), "servers": .list([])]),
                ])
        )
        #expect(item["matrix"] == [[1, 2], [], [3]])
        #expect(item["counts"] == ["a": 1, "b": -2])
        #expect(item["checksum"] == .binary([0, 255, 16]))
        #expect(item["payload"] == .binary([1, 2, 3]))
        #expect(item["createdAt"] == .string("2025-01-01T00:00:00.250Z"))
        #expect(item["labels"] == ["x"])
        #expect(item["price"] == .number("12345678901234567890.123456789"))
    }

    @Test("decodes what it encodes, keeping Int64 and UInt64 extremes exact")
    func roundTrip() throws {
        let item = try DynamoDBItemEncoder().encode(Self.plan)
        let decoded = try DynamoDBItemDecoder().decode(Plan.self, from: item)
        #expect(decoded == Self.plan)
    }

    @Test("treats a missing attribute and NULL alike for optionals; explicit nil encodes NULL")
    func optionals() throws {
        struct Explicit: Codable, Equatable {
            var note: String?
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(note, forKey: .note)
            }
        }
        #expect(try DynamoDBItemEncoder().encode(Explicit(note: nil)) == ["note": .null])
        #expect(try DynamoDBItemDecoder().decode(Explicit.self, from: ["note": .null]) == Explicit(note: nil))
        #expect(try DynamoDBItemDecoder().decode(Explicit.self, from: [:]) == Explicit(note: nil))
        #expect(try DynamoDBItemDecoder().decode(Explicit.self, from: ["note": "n"]) == Explicit(note: "n"))
        #expect(try DynamoDBItemDecoder().decode([Int?].self, from: [1, .null]) == [1, nil])
    }

    @Test("reads numbers written by other tools and sets written as SS/NS")
    func lenientReads() throws {
        struct Numbers: Codable, Equatable {
            var a: Int
            var b: Double
            var c: [Int]
            var d: Set<String>
        }
        let item: DynamoDBItem = [
            "a": .number("1.0E+3"), "b": .number("-2"), "c": .numberSet(["1", "2"]), "d": .stringSet(["x", "y"]),
        ]
        #expect(
            try DynamoDBItemDecoder().decode(Numbers.self, from: item)
                == Numbers(a: 1000, b: -2, c: [1, 2], d: ["x", "y"]))
    }

    @Test("encodes single values for expression attribute values")
    func singleValues() throws {
        let encoder = DynamoDBItemEncoder()
        #expect(try encoder.encodeValue(Status.completed) == .string("COMPLETED"))
        #expect(try encoder.encodeValue(42) == .number("42"))
        #expect(try encoder.encodeValue([true, false]) == [true, false])
        #expect(try encoder.encodeValue(AttributeValue.stringSet(["a"])) == .stringSet(["a"]))
        #expect(try encoder.encodeValue([String]()) == .list([]))
        #expect(try encoder.encodeValue(Optional<Int>.none) == .null)
    }

    @Test("names the attribute path when a value is missing or has the wrong type")
    func decodingErrors() throws {
        var item = try DynamoDBItemEncoder().encode(Self.plan)
        item["version"] = .string("7")
        #expect {
            try DynamoDBItemDecoder().decode(Plan.self, from: item)
        } throws: { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return false }
            return context.codingPath.map(\.stringValue) == ["version"]
                && context.debugDescription.contains("found S")
        }
        item = try DynamoDBItemEncoder().encode(Self.plan)
        item["waves"] = [["number": 1, "servers": []]]
        #expect {
            try DynamoDBItemDecoder().decode(Plan.self, from: item)
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, let context) = error else { return false }
            return key.stringValue == "pauseBefore" && context.codingPath.map(\.stringValue) == ["waves", "0"]
        }
        #expect(throws: DecodingError.self) {
            try DynamoDBItemDecoder().decode(UInt8.self, from: .number("300"))
        }
    }

    @Test("refuses what cannot be an item or a DynamoDB number")
    func encodingErrors() {
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode("just a string") }
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode([1, 2]) }
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try DynamoDBItemEncoder().encodeValue(Double.infinity) }
    }

    @Test("supports class hierarchies through superEncoder and superDecoder")
    func superCoders() throws {
        struct Wrapper: Codable, Equatable {
            var base: Server
            var extra: Int
            enum CodingKeys: String, CodingKey { case extra }
            init(base: Server, extra: Int) {
                self.base = base
                self.extra = extra
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                extra = try container.decode(Int.self, forKey: .extra)
                base = try Server(from: container.superDecoder())
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(extra, forKey: .extra)
                try base.encode(to: container.superEncoder())
            }
        }
        let value = Wrapper(base: Server(id: "s", tags: [:]), extra: 1)
        let item = try DynamoDBItemEncoder().encode(value)
        #expect(item == ["extra": 1, "super": ["id": "s", "tags": [:]]])
        #expect(try DynamoDBItemDecoder().decode(Wrapper.self, from: item) == value)
    }
}
