import DRSLocal
import Foundation
import JSONCore
import Testing

@Suite("DRS simulator inventory: the seed and user dumps")
struct DRSInventoryTests {
    @Test("the seed has about 30 servers in two regions and one uninitialized region")
    func seed() throws {
        let inventory = try DRSInventory.seeded()
        #expect(Set(inventory.regions.keys) == ["us-east-1", "us-west-2"])
        #expect((25...35).contains(inventory.serverCount))
        #expect(inventory.uninitializedRegions == ["eu-west-3"])
        let all = inventory.regions.values.flatMap { $0 }
        let purposes = all.compactMap { $0["tags"]?["Purpose"]?.stringValue }
        #expect(purposes.filter { $0 == "DatabaseServers" }.count >= 4)
        for tag in ["Application", "Tier", "Environment", "Name"] {
            #expect(all.allSatisfy { $0["tags"]?[tag]?.stringValue != nil }, "\(tag)")
        }
    }

    @Test("a describe-source-servers dump replaces its region's servers and leaves the others")
    func dump() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("drs-inventory-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("dump.json")
        try Data(
            #"{"items":[{"sourceServerID":"s-aaaaaaaaaaaaaaaaa","tags":{"Name":"mine"},"someFieldWeDoNotModel":{"a":[1]}}],"nextToken":null}"#
                .utf8
        ).write(to: file)
        var inventory = try DRSInventory.seeded()
        inventory.merge(try DRSInventory(contentsOfFile: file.path, defaultRegion: "us-east-1"))
        #expect(inventory.regions["us-east-1"]?.count == 1)
        #expect(inventory.regions["us-east-1"]?.first?["someFieldWeDoNotModel"]?["a"] == [1])
        #expect(inventory.regions["us-west-2"]?.count == 10)

        let bad = directory.appendingPathComponent("bad.json")
        try Data(#"{"items":[{"tags":{}}]}"#.utf8).write(to: bad)
        let error = try #require(throws: DRSInventoryError.self) {
            try DRSInventory(contentsOfFile: bad.path, defaultRegion: "us-east-1")
        }
        #expect(error.code == .malformed)
        #expect(error.message.contains("sourceServerID"))
        #expect(throws: DRSInventoryError.self) {
            try DRSInventory(contentsOfFile: directory.appendingPathComponent("missing.json").path, defaultRegion: "x")
        }
    }
}
