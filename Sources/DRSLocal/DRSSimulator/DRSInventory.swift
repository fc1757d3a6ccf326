import Foundation
import JSONCore

/// The source servers the simulator serves, per region, as DRS's own JSON (so a dump of a real
/// account is served back field for field), and the regions where DRS is not initialized.
package struct DRSInventory: Sendable, Equatable {
    /// Region → servers in `DescribeSourceServers` order; each an object with a `sourceServerID`.
    package var regions: [String: [JSONValue]]
    /// Regions where every call fails with `UninitializedAccountException`.
    package var uninitializedRegions: Set<String>

    /// An inventory from its parts.
    package init(regions: [String: [JSONValue]] = [:], uninitializedRegions: Set<String> = []) {
        self.regions = regions
        self.uninitializedRegions = uninitializedRegions
    }

    /// The file name of the seeded inventory in DRSLocal's resources.
    static let seedFileName = "default-inventory.json"

    /// The seeded inventory shipped with drs-local: about 30 servers in `us-east-1` and `us-west-2`
    /// (web, app and database tiers; tags `Name`, `Application`, `Tier`, `Environment`, `Purpose`;
    /// mostly `CONTINUOUS`, a few `INITIAL_SYNC`, `BACKLOG`, `STALLED`, `DISCONNECTED`), and
    /// `eu-west-3` uninitialized.
    ///
    /// - Throws: `DRSInventoryError` when the resource file is missing (drs-local copied without
    ///   its resource bundle) or malformed.
    package static func seeded() throws -> DRSInventory {
        guard let path = BundledResource.path(seedFileName) else {
            throw DRSInventoryError(
                .seedMissing,
                "the seeded DRS inventory (\(seedFileName)) was not found next to the executable; "
                    + "pass --drs-inventory FILE, or run drs-local from its build directory")
        }
        return try DRSInventory(contentsOfFile: path, defaultRegion: "us-east-1")
    }

    /// Reads an inventory file: either the output of `aws drs describe-source-servers`
    /// (`{"items": [...]}`, or a bare array), which becomes `defaultRegion`'s servers, or the seed
    /// format `{"regions": {"us-east-1": {"items": [...]}, ...}, "uninitializedRegions": [...]}`.
    ///
    /// - Throws: `DRSInventoryError` naming the file and what is wrong with it.
    package init(contentsOfFile path: String, defaultRegion: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DRSInventoryError(.unreadable, "cannot read DRS inventory \(path): \(error.localizedDescription)")
        }
        do {
            try self.init(json: try JSONValue(parsing: Array(data)), defaultRegion: defaultRegion)
        } catch let error as DRSInventoryError {
            throw DRSInventoryError(error.code, "DRS inventory \(path): \(error.message)")
        } catch {
            throw DRSInventoryError(.malformed, "DRS inventory \(path) is not JSON: \(error)")
        }
    }

    /// An inventory from parsed JSON in either format `init(contentsOfFile:defaultRegion:)` takes.
    package init(json: JSONValue, defaultRegion: String) throws {
        self.init()
        if let regionMap = json["regions"]?.objectValue {
            for (region, value) in regionMap {
                regions[region] = try Self.servers(in: value, region: region)
            }
            for region in json["uninitializedRegions"]?.arrayValue ?? [] {
                guard let name = region.stringValue else {
                    throw DRSInventoryError(.malformed, "uninitializedRegions must be a list of region names")
                }
                uninitializedRegions.insert(name)
            }
        } else {
            regions[defaultRegion] = try Self.servers(in: json, region: defaultRegion)
        }
    }

    /// Replaces `region`'s servers with `other`'s servers for every region `other` has, and adds its
    /// uninitialized regions (a loaded dump replaces that region's seed, and leaves the others).
    package mutating func merge(_ other: DRSInventory) {
        for (region, servers) in other.regions {
            regions[region] = servers
            uninitializedRegions.remove(region)
        }
        uninitializedRegions.formUnion(other.uninitializedRegions)
    }

    /// The number of servers in every region.
    package var serverCount: Int { regions.values.reduce(0) { $0 + $1.count } }

    private static func servers(in value: JSONValue, region: String) throws -> [JSONValue] {
        guard let items = value["items"]?.arrayValue ?? value.arrayValue else {
            throw DRSInventoryError(
                .malformed,
                "expected {\"items\": [...]} (the output of `aws drs describe-source-servers`) for \(region)")
        }
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let id = item["sourceServerID"]?.stringValue else {
                throw DRSInventoryError(.malformed, "item \(index) of \(region) has no string sourceServerID")
            }
            guard seen.insert(id).inserted else {
                throw DRSInventoryError(.malformed, "\(id) appears twice in \(region)")
            }
        }
        return items
    }
}
