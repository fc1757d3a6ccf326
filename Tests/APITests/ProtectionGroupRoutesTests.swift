import DRS
import Foundation
import JSONCore
import Orchestrator
import Synchronization
import TestSupport
import Testing

/// `/protection-groups…` through the real router (spec §2.1, the guide's error catalog).
@Suite("Protection group routes")
struct ProtectionGroupRoutesTests {
    static let ordersDatabase = ["Application": "Orders", "Tier": "Database", "Environment": "Production"]

    /// Hostnames of the servers of a resolution or listing.
    static func hostnames(_ servers: JSONValue?) -> [String] {
        (servers?.arrayValue ?? []).compactMap { $0["hostname"]?.stringValue }.sorted()
    }

    // MARK: Create

    @Test("creates a tag-selected group: 201 with every spec field, id = protectionGroupId, version 1")
    func createByTags() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "  Database Servers  ", "description": "orders databases", "region": "us-east-1",
                "serverSelectionTags": .tags(Self.ordersDatabase), "accountId": "123456789012", "owner": "dr-team",
            ])
        #expect(reply.status == 201, "\(reply)")
        let expected: JSONValue = [
            "id": "id-0001", "protectionGroupId": "id-0001", "name": "Database Servers",
            "description": "orders databases", "region": "us-east-1",
            "serverSelectionTags": .tags(Self.ordersDatabase), "sourceServerIds": [], "accountId": "123456789012",
            "owner": "dr-team", "createdAt": .string(TestClock.startISO), "updatedAt": .string(TestClock.startISO),
            "version": 1, "createdBy": "iam", "updatedBy": "iam",
        ]
        #expect(reply.body == expected)
        let fetched = try harness.send("GET", "/protection-groups/id-0001")
        #expect(fetched.status == 200)
        #expect(fetched.body == expected)
    }

    @Test("creates an explicitly selected group with empty tags and defaults for optional fields")
    func createExplicit() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "CRM", "region": "us-east-1", "sourceServerIds": ["s-crm-web-01", "s-crm-db-01"]])
        #expect(reply.status == 201, "\(reply)")
        #expect(reply["sourceServerIds"] == ["s-crm-web-01", "s-crm-db-01"])
        #expect(reply["serverSelectionTags"] == [:])
        #expect(reply["description"] == "")
        #expect(reply["accountId"] == "")
        #expect(reply["owner"] == "")
        #expect(reply["version"] == 1)
        #expect(reply["protectionGroupId"] == reply["id"])
    }

    static func createBody(_ casing: Casing, explicit: Bool) -> JSONValue {
        switch casing {
        case .camelCase:
            var body: [String: JSONValue] = [
                "groupName": "Orders DB", "description": "d", "region": "us-east-1", "accountId": "111122223333",
                "owner": "ops",
            ]
            if explicit {
                body["sourceServerIds"] = ["s-orders-db-01", "s-orders-db-02"]
            } else {
                body["serverSelectionTags"] = .tags(ordersDatabase)
            }
            return .object(body)
        case .pascalCase:
            var body: [String: JSONValue] = [
                "GroupName": "Orders DB", "Description": "d", "Region": "us-east-1", "AccountId": "111122223333",
                "Owner": "ops",
            ]
            if explicit {
                body["SourceServerIds"] = ["s-orders-db-01", "s-orders-db-02"]
            } else {
                body["ServerSelectionTags"] = .tags(ordersDatabase)
            }
            return .object(body)
        }
    }

    @Test(
        "accepts every create field in camelCase and PascalCase with the same stored result", arguments: Casing.allCases
    )
    func createCasings(_ casing: Casing) throws {
        for explicit in [false, true] {
            let harness = try ResourceTestHarness()
            let reply = try harness.send(
                "POST", "/protection-groups", body: Self.createBody(casing, explicit: explicit))
            #expect(reply.status == 201, "\(casing) explicit=\(explicit): \(reply)")
            let stored = try harness.send("GET", "/protection-groups/id-0001")
            let expected: JSONValue = [
                "id": "id-0001", "protectionGroupId": "id-0001", "name": "Orders DB", "description": "d",
                "region": "us-east-1",
                "serverSelectionTags": explicit ? [:] : .tags(Self.ordersDatabase),
                "sourceServerIds": explicit ? ["s-orders-db-01", "s-orders-db-02"] : [],
                "accountId": "111122223333", "owner": "ops", "createdAt": .string(TestClock.startISO),
                "updatedAt": .string(TestClock.startISO), "version": 1, "createdBy": "iam", "updatedBy": "iam",
            ]
            #expect(stored.body == expected, "\(casing) explicit=\(explicit)")
        }
    }

    @Test(
        "answers a missing required field with MISSING_FIELD naming it",
        arguments: [
            ("name", ["region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]]),
            ("region", ["name": "G", "serverSelectionTags": ["Tier": "Web"]]),
            ("region", ["name": "G", "region": "", "serverSelectionTags": ["Tier": "Web"]]),
            ("serverSelectionTags", ["name": "G", "region": "us-east-1"]),
        ] as [(String, JSONValue)])
    func missingFields(_ field: String, _ body: JSONValue) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("POST", "/protection-groups", body: body)
        expectError(reply, 400, "MISSING_FIELD")
        #expect(reply["field"]?.stringValue == field)
        #expect(reply["message"]?.stringValue?.hasSuffix("required") == true)
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test("answers an empty, whitespace-only or 257-character name with INVALID_NAME", arguments: ["", "   ", "\t\n "])
    func blankNames(_ name: String) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": .string(name), "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]])
        expectError(reply, 400, "INVALID_NAME")
        #expect(reply["field"] == "name")
    }

    @Test("answers a name over 256 characters with INVALID_NAME, maxLength and actualLength")
    func longName() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": .string(String(repeating: "n", count: 257)), "region": "us-east-1",
                "serverSelectionTags": ["Tier": "Web"],
            ])
        expectError(reply, 400, "INVALID_NAME")
        #expect(reply["maxLength"] == 256)
        #expect(reply["actualLength"] == 257)
        let exact = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": .string(" " + String(repeating: "n", count: 256) + " "), "region": "us-east-1",
                "serverSelectionTags": ["Tier": "Web"],
            ])
        #expect(exact.status == 201, "256 characters after trimming are allowed: \(exact)")
        #expect(exact["name"]?.stringValue?.count == 256)
    }

    @Test(
        "answers empty or malformed serverSelectionTags with INVALID_TAGS",
        arguments: [
            [:] as JSONValue, ["Tier": 5], ["Tier", "Web"], "Tier=Web", ["": "x"], ["  ": "x"],
        ])
    func invalidTags(_ tags: JSONValue) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups", body: ["name": "G", "region": "us-east-1", "serverSelectionTags": tags])
        expectError(reply, 400, "INVALID_TAGS")
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test(
        "answers an empty or malformed sourceServerIds with INVALID_SERVERS", arguments: [[] as JSONValue, "s-x", [5]])
    func malformedServers(_ servers: JSONValue) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups", body: ["name": "G", "region": "us-east-1", "sourceServerIds": servers])
        expectError(reply, 400, "INVALID_SERVERS")
    }

    @Test("answers server ids DRS does not know in the region with INVALID_SERVERS listing exactly those")
    func unknownServers() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "G", "region": "us-east-1",
                "sourceServerIds": ["s-orders-web-01", "s-nope-1", "s-dr-web-01", "s-nope-2"],
            ])
        expectError(reply, 400, "INVALID_SERVERS")
        #expect(reply["invalidServerIds"] == ["s-nope-1", "s-dr-web-01", "s-nope-2"])
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test("refuses tags and explicit servers together with a 400")
    func bothSelections() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "G", "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"],
                "sourceServerIds": ["s-orders-web-01"],
            ])
        #expect(reply.status == 400, "\(reply)")
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test("answers a duplicate name, compared case-insensitively, with PG_NAME_EXISTS and existingName")
    func nameExists() throws {
        let harness = try ResourceTestHarness()
        try harness.createGroup("Database Servers", tags: Self.ordersDatabase)
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": " database SERVERS ", "region": "us-west-2", "serverSelectionTags": ["Tier": "Web"]])
        #expect(
            reply.body
                == [
                    "error": "PG_NAME_EXISTS",
                    "message": "A Protection Group named \"Database Servers\" already exists",
                    "existingName": "Database Servers",
                ])
        #expect(reply.status == 409)
    }

    @Test("answers an identical tag set with TAG_CONFLICT and the guide's conflicts; a superset is no conflict")
    func tagConflict() throws {
        let harness = try ResourceTestHarness()
        let existing = try harness.createGroupID(
            "Existing PG", tags: ["Environment": "Production", "Tier": "Database"])
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "New PG", "region": "us-east-1",
                "ServerSelectionTags": ["Tier": "Database", "Environment": "Production"],
            ])
        #expect(reply.status == 409)
        #expect(
            reply.body
                == [
                    "error": "TAG_CONFLICT", "message": "Another Protection Group already uses these exact tags",
                    "conflicts": [
                        [
                            "protectionGroupId": .string(existing), "protectionGroupName": "Existing PG",
                            "conflictingTags": ["Environment": "Production", "Tier": "Database"],
                            "conflictType": "exact_match",
                        ]
                    ],
                ])
        let superset = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "Narrower PG", "region": "us-east-1",
                "serverSelectionTags": ["Tier": "Database", "Environment": "Production", "Purpose": "Primary"],
            ])
        #expect(superset.status == 201, "\(superset)")
        let differentValue = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "Staging PG", "region": "us-east-1",
                "serverSelectionTags": ["Tier": "Database", "Environment": "Staging"],
            ])
        #expect(differentValue.status == 201, "\(differentValue)")
    }

    @Test("answers an explicit server held by another group with SERVER_CONFLICT naming server, host and group")
    func serverConflict() throws {
        let harness = try ResourceTestHarness()
        let other = try harness.createGroupID("Other PG", servers: ["s-orders-db-01", "s-orders-db-02"])
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: [
                "name": "Mine", "region": "us-east-1",
                "sourceServerIds": ["s-orders-web-01", "s-orders-db-02", "s-orders-app-01"],
            ])
        #expect(reply.status == 409)
        #expect(
            reply.body
                == [
                    "error": "SERVER_CONFLICT",
                    "message": "One or more servers are already assigned to another Protection Group",
                    "conflicts": [
                        [
                            "serverId": "s-orders-db-02", "hostname": "orders-db-02",
                            "assignedToGroupId": .string(other), "assignedToGroupName": "Other PG",
                        ]
                    ],
                ])
        // A tag group over the same servers is not an explicit claim.
        let tagGroup = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Tagged", "region": "us-east-1", "serverSelectionTags": .tags(Self.ordersDatabase)])
        #expect(tagGroup.status == 201, "\(tagGroup)")
    }

    @Test("answers a region where DRS was never initialized with DRS_NOT_INITIALIZED, region and consoleUrl")
    func drsNotInitialized() throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Paris", "region": "eu-west-3", "serverSelectionTags": ["Tier": "Web"]])
        #expect(reply.status == 400)
        #expect(
            reply.body
                == [
                    "error": "DRS_NOT_INITIALIZED",
                    "message":
                        "AWS Elastic Disaster Recovery (DRS) is not initialized in eu-west-3. Go to the DRS Console in eu-west-3 and complete the initialization wizard before creating Protection Groups.",
                    "region": "eu-west-3",
                    "consoleUrl": "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome",
                ])
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test("answers DRS throttling with 429 THROTTLED and other DRS failures with 502 DRS_ERROR")
    func drsFailures() throws {
        let harness = try ResourceTestHarness()
        let body: JSONValue = ["name": "G", "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]]
        harness.drs.state.withLock {
            $0.failures[.describeSourceServers] = [
                DRSError(
                    code: .throttled, operation: .describeSourceServers, region: "us-east-1", message: "Rate exceeded"),
                DRSError(
                    code: .other, operation: .describeSourceServers, region: "us-east-1", message: "Internal failure"),
            ]
        }
        let throttled = try harness.send("POST", "/protection-groups", body: body)
        expectError(throttled, 429, "THROTTLED")
        let failed = try harness.send("POST", "/protection-groups", body: body)
        expectError(failed, 502, "DRS_ERROR")
        #expect(failed["drsMessage"] == "Internal failure")
        #expect(failed["drsErrorType"]?.stringValue?.isEmpty == false)
        #expect(harness.store.items(.protectionGroups).isEmpty)
        #expect(try harness.send("POST", "/protection-groups", body: body).status == 201)
    }

    @Test(
        "answers a body that is not a JSON object, or a wrongly typed field, with INVALID_REQUEST",
        arguments: [
            ("{nope", "body"), ("[1,2]", "body"), ("\"text\"", "body"),
            (#"{"name":5,"region":"us-east-1","serverSelectionTags":{"Tier":"Web"}}"#, "name"),
            (#"{"name":"G","region":["us-east-1"],"serverSelectionTags":{"Tier":"Web"}}"#, "region"),
        ])
    func malformedBodies(_ body: String, _ field: String) throws {
        let harness = try ResourceTestHarness()
        let reply = try harness.send("POST", "/protection-groups", rawBody: body)
        expectError(reply, 400, "INVALID_REQUEST")
        #expect(reply["field"]?.stringValue == field)
    }

    @Test("keeps names, tag sets and explicit servers unique under concurrent creates")
    func concurrentCreates() throws {
        let harness = try ResourceTestHarness()
        let box = UncheckedBox(harness)
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 12) { index in
            let body: JSONValue
            switch index % 3 {
            case 0: body = ["name": "Same Name", "region": "us-east-1", "serverSelectionTags": ["Tier": "Web"]]
            case 1:
                body = [
                    "name": .string("Tags \(index)"), "region": "us-east-1",
                    "serverSelectionTags": ["Tier": "App", "Application": "Orders"],
                ]
            default:
                body = [
                    "name": .string("Servers \(index)"), "region": "us-east-1", "sourceServerIds": ["s-legacy-01"],
                ]
            }
            let status = (try? box.value.send("POST", "/protection-groups", body: body).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 201 }.count == 3, "\(all)")
        #expect(all.filter { $0 == 409 }.count == 9, "\(all)")
        #expect(try harness.send("GET", "/protection-groups")["count"] == 3)
    }

    // MARK: Get and list

    @Test("answers an unknown id with 404 PROTECTION_GROUP_NOT_FOUND on get, update, delete and resolve")
    func unknownGroup() throws {
        let harness = try ResourceTestHarness()
        for (method, path) in [
            ("GET", "/protection-groups/pg-missing"), ("PUT", "/protection-groups/pg-missing"),
            ("DELETE", "/protection-groups/pg-missing"), ("POST", "/protection-groups/pg-missing/resolve"),
        ] {
            let reply = try harness.send(method, path, body: method == "PUT" ? ["description": "x"] : nil)
            expectError(reply, 404, "PROTECTION_GROUP_NOT_FOUND")
            #expect(reply["message"]?.stringValue?.contains("pg-missing") == true, "\(method) \(path)")
        }
    }

    @Test("lists every group by name with count and no nextToken")
    func listAll() throws {
        let harness = try ResourceTestHarness()
        try harness.createGroup("web", tags: ["Tier": "Web"])
        try harness.createGroup("Apps", tags: ["Tier": "App"])
        try harness.createGroup("DR West", region: "us-west-2", tags: ["Environment": "DR"])
        let reply = try harness.send("GET", "/protection-groups")
        #expect(reply.status == 200)
        #expect(reply["count"] == 3)
        #expect(reply["nextToken"] == nil)
        #expect(
            (reply["groups"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } == ["Apps", "DR West", "web"])
        #expect(reply["groups"]?[0]?["protectionGroupId"] == reply["groups"]?[0]?["id"])
        let empty = try ResourceTestHarness().send("GET", "/protection-groups")
        #expect(empty.body == ["groups": [], "count": 0])
    }

    /// 13 groups over two regions, in a store whose scans come in pages of 5.
    static func manyGroups() throws -> ResourceTestHarness {
        let harness = try ResourceTestHarness(scanPageSize: 5)
        for index in 1...10 {
            try harness.createGroup(
                String(format: "East Group %02d", index), tags: ["Tier": "Web", "Index": String(index)])
        }
        for index in 1...3 {
            try harness.createGroup(
                String(format: "West Group %02d", index), region: "us-west-2",
                tags: ["Environment": "DR", "Index": String(index)])
        }
        return harness
    }

    static func names(_ reply: Reply, _ key: String = "groups") -> [String] {
        (reply[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    @Test("filters the whole table by name (case-insensitive substring) and region")
    func listFilters() throws {
        let harness = try Self.manyGroups()
        let byName = try harness.send("GET", "/protection-groups", query: ["name": "group 1"])
        #expect(Self.names(byName) == ["East Group 10"])
        let byName0 = try harness.send("GET", "/protection-groups", query: ["name": "GROUP 0"])
        #expect(byName0["count"] == 12)
        let west = try harness.send("GET", "/protection-groups", query: ["region": "us-west-2"])
        #expect(Self.names(west) == ["West Group 01", "West Group 02", "West Group 03"])
        let both = try harness.send("GET", "/protection-groups", query: ["region": "us-east-1", "name": "0"])
        #expect(both["count"] == 10)
        let none = try harness.send("GET", "/protection-groups", query: ["region": "eu-west-3"])
        #expect(none.body == ["groups": [], "count": 0])
    }

    @Test("pages with limit and nextToken, visiting every group exactly once", arguments: [1, 4, 5, 13, 20])
    func listPagination(_ limit: Int) throws {
        let harness = try Self.manyGroups()
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var query = ["limit": String(limit)]
            if let token { query["nextToken"] = token }
            let page = try harness.send("GET", "/protection-groups", query: query)
            #expect(page.status == 200, "\(page)")
            let names = Self.names(page)
            #expect(names.count <= limit)
            #expect(page["count"]?.intValue == names.count)
            seen += names
            token = page["nextToken"]?.stringValue
            pages += 1
        } while token != nil && pages < 50
        let all = Self.names(try harness.send("GET", "/protection-groups"))
        #expect(all.count == 13)
        #expect(seen == all)
        #expect(pages == (13 + limit - 1) / limit)
        // With a filter too.
        let first = try harness.send("GET", "/protection-groups", query: ["region": "us-east-1", "limit": "6"])
        let token2 = try #require(first["nextToken"]?.stringValue)
        let second = try harness.send(
            "GET", "/protection-groups", query: ["region": "us-east-1", "limit": "6", "nextToken": token2])
        #expect(Self.names(first) + Self.names(second) == all.filter { $0.hasPrefix("East") })
        #expect(second["nextToken"] == nil)
    }

    @Test(
        "answers a malformed limit or nextToken with INVALID_REQUEST naming it",
        arguments: [
            ("limit", "0"), ("limit", "abc"), ("limit", "-3"), ("limit", "1.5"), ("limit", "100000"),
            ("nextToken", "not-a-token!"), ("nextToken", "%%%"),
        ])
    func listBadQuery(_ name: String, _ value: String) throws {
        let harness = try ResourceTestHarness()
        try harness.createGroup("G", tags: ["Tier": "Web"])
        let reply = try harness.send("GET", "/protection-groups", query: [name: value])
        expectError(reply, 400, "INVALID_REQUEST")
        #expect(reply["field"]?.stringValue == name)
    }

    // MARK: Update

    @Test("updates the fields sent: 200, version 2, updatedAt moves, createdAt and id stay")
    func update() throws {
        let harness = try ResourceTestHarness()
        let created = try harness.createGroup("Web", tags: ["Tier": "Web"])
        let id = try #require(created["id"]?.stringValue)
        harness.clock.advance(milliseconds: 61_500)
        let reply = try harness.send(
            "PUT", "/protection-groups/\(id)", body: ["name": "Web Tier", "description": "all web", "version": 1])
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["version"] == 2)
        #expect(reply["name"] == "Web Tier")
        #expect(reply["description"] == "all web")
        #expect(reply["id"] == .string(id))
        #expect(reply["protectionGroupId"] == .string(id))
        #expect(reply["serverSelectionTags"] == ["Tier": "Web"])
        #expect(reply["createdAt"] == .string(TestClock.startISO))
        #expect(reply["updatedAt"] == "2027-01-15T08:01:01.500Z")
        #expect(try harness.send("GET", "/protection-groups/\(id)").body == reply.body)
        // The old name is free again, the new one is taken.
        #expect(try harness.send("POST", "/protection-groups", body: Self.body("web", ["Tier": "App"])).status == 201)
        let taken = try harness.send("POST", "/protection-groups", body: Self.body("WEB TIER", ["Tier": "Batch"]))
        expectError(taken, 409, "PG_NAME_EXISTS")
    }

    static func body(_ name: String, _ tags: [String: String], region: String = "us-east-1") -> JSONValue {
        ["name": .string(name), "region": .string(region), "serverSelectionTags": .tags(tags)]
    }

    @Test(
        "accepts every update field in camelCase and PascalCase with the same stored result", arguments: Casing.allCases
    )
    func updateCasings(_ casing: Casing) throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let body: JSONValue =
            switch casing {
            case .camelCase:
                [
                    "name": "Orders DB", "description": "d", "region": "us-east-1",
                    "serverSelectionTags": .tags(Self.ordersDatabase), "accountId": "a", "owner": "o", "version": 1,
                ]
            case .pascalCase:
                [
                    "GroupName": "Orders DB", "Description": "d", "Region": "us-east-1",
                    "ServerSelectionTags": .tags(Self.ordersDatabase), "AccountId": "a", "Owner": "o", "Version": 1,
                ]
            }
        let reply = try harness.send("PUT", "/protection-groups/\(id)", body: body)
        #expect(reply.status == 200, "\(reply)")
        let stored = try harness.send("GET", "/protection-groups/\(id)")
        #expect(
            stored.body
                == [
                    "id": .string(id), "protectionGroupId": .string(id), "name": "Orders DB", "description": "d",
                    "region": "us-east-1", "serverSelectionTags": .tags(Self.ordersDatabase), "sourceServerIds": [],
                    "accountId": "a", "owner": "o", "createdAt": .string(TestClock.startISO),
                    "updatedAt": .string(TestClock.startISO), "version": 2, "createdBy": "iam",
                    "updatedBy": "iam",
                ])
        // PascalCase servers switch the selection as camelCase ones do.
        let servers: JSONValue =
            casing == .camelCase ? ["sourceServerIds": ["s-legacy-01"]] : ["SourceServerIds": ["s-legacy-01"]]
        let switched = try harness.send("PUT", "/protection-groups/\(id)", body: servers)
        #expect(switched.status == 200, "\(switched)")
        #expect(switched["sourceServerIds"] == ["s-legacy-01"])
        #expect(switched["serverSelectionTags"] == [:])
        #expect(switched["version"] == 3)
    }

    @Test("switching from tags to servers releases the tag set and claims the servers")
    func updateSwitchesSelection() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let reply = try harness.send("PUT", "/protection-groups/\(id)", body: ["sourceServerIds": ["s-orders-web-01"]])
        #expect(reply.status == 200, "\(reply)")
        #expect(
            try harness.send("POST", "/protection-groups", body: Self.body("Other Web", ["Tier": "Web"])).status == 201)
        let clash = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Clash", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
        expectError(clash, 409, "SERVER_CONFLICT")
        // And back: the servers are released.
        let back = try harness.send("PUT", "/protection-groups/\(id)", body: ["serverSelectionTags": ["Tier": "App"]])
        #expect(back.status == 200, "\(back)")
        #expect(back["sourceServerIds"] == [])
        let free = try harness.send(
            "POST", "/protection-groups",
            body: ["name": "Now Free", "region": "us-east-1", "sourceServerIds": ["s-orders-web-01"]])
        #expect(free.status == 201, "\(free)")
    }

    @Test("answers a stale version with VERSION_CONFLICT, expectedVersion and currentVersion")
    func updateVersionConflict() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        #expect(
            try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "a", "version": 1]).status == 200)
        let stale = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "b", "Version": 1])
        expectError(stale, 409, "VERSION_CONFLICT")
        #expect(stale["expectedVersion"] == 1)
        #expect(stale["currentVersion"] == 2)
        #expect(try harness.send("GET", "/protection-groups/\(id)")["description"] == "a")
        let future = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "c", "version": 9])
        expectError(future, 409, "VERSION_CONFLICT")
        #expect(future["expectedVersion"] == 9)
        #expect(future["currentVersion"] == 2)
        let unversioned = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "d"])
        #expect(unversioned["version"] == 3)
    }

    @Test("refuses a region change with 400 and accepts the same region")
    func updateRegion() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let moved = try harness.send("PUT", "/protection-groups/\(id)", body: ["region": "us-west-2"])
        #expect(moved.status == 400, "\(moved)")
        #expect(moved["field"] == "region")
        #expect(try harness.send("GET", "/protection-groups/\(id)")["region"] == "us-east-1")
        let same = try harness.send(
            "PUT", "/protection-groups/\(id)", body: ["Region": "us-east-1", "description": "x"])
        #expect(same.status == 200, "\(same)")
    }

    @Test(
        "answers update conflicts with PG_NAME_EXISTS, TAG_CONFLICT and SERVER_CONFLICT; recasing its own name is fine")
    func updateConflicts() throws {
        let harness = try ResourceTestHarness()
        let tagged = try harness.createGroupID("Tagged", tags: ["Tier": "Web"])
        let explicit = try harness.createGroupID("Explicit", servers: ["s-crm-web-01", "s-crm-db-01"])
        let mine = try harness.createGroupID("Mine", tags: ["Tier": "App"])
        let name = try harness.send("PUT", "/protection-groups/\(mine)", body: ["name": "tagged"])
        expectError(name, 409, "PG_NAME_EXISTS")
        #expect(name["existingName"] == "Tagged")
        let tags = try harness.send("PUT", "/protection-groups/\(mine)", body: ["serverSelectionTags": ["Tier": "Web"]])
        expectError(tags, 409, "TAG_CONFLICT")
        #expect(tags["conflicts"]?[0]?["protectionGroupId"] == .string(tagged))
        #expect(tags["conflicts"]?[0]?["conflictType"] == "exact_match")
        let servers = try harness.send(
            "PUT", "/protection-groups/\(mine)", body: ["sourceServerIds": ["s-legacy-01", "s-crm-db-01"]])
        expectError(servers, 409, "SERVER_CONFLICT")
        #expect(
            servers["conflicts"]
                == [
                    [
                        "serverId": "s-crm-db-01", "hostname": "crm-db-01", "assignedToGroupId": .string(explicit),
                        "assignedToGroupName": "Explicit",
                    ]
                ])
        #expect(try harness.send("GET", "/protection-groups/\(mine)")["version"] == 1)
        let recased = try harness.send("PUT", "/protection-groups/\(mine)", body: ["name": "MINE"])
        #expect(recased.status == 200, "\(recased)")
        #expect(recased["name"] == "MINE")
        let sameTags = try harness.send(
            "PUT", "/protection-groups/\(tagged)", body: ["serverSelectionTags": ["Tier": "Web"]])
        #expect(sameTags.status == 200, "its own tag set is no conflict: \(sameTags)")
        let sameServers = try harness.send(
            "PUT", "/protection-groups/\(explicit)", body: ["sourceServerIds": ["s-crm-db-01", "s-crm-web-01"]])
        #expect(sameServers.status == 200, "its own servers are no conflict: \(sameServers)")
    }

    @Test("validates update fields as create does: INVALID_NAME, INVALID_TAGS, INVALID_SERVERS")
    func updateValidation() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        expectError(try harness.send("PUT", "/protection-groups/\(id)", body: ["name": "  "]), 400, "INVALID_NAME")
        let long = try harness.send(
            "PUT", "/protection-groups/\(id)", body: ["GroupName": .string(String(repeating: "x", count: 300))])
        expectError(long, 400, "INVALID_NAME")
        #expect(long["actualLength"] == 300)
        expectError(
            try harness.send("PUT", "/protection-groups/\(id)", body: ["serverSelectionTags": [:]]), 400, "INVALID_TAGS"
        )
        expectError(
            try harness.send("PUT", "/protection-groups/\(id)", body: ["sourceServerIds": []]), 400, "INVALID_SERVERS")
        let unknown = try harness.send("PUT", "/protection-groups/\(id)", body: ["sourceServerIds": ["s-ghost"]])
        expectError(unknown, 400, "INVALID_SERVERS")
        #expect(unknown["invalidServerIds"] == ["s-ghost"])
        expectError(try harness.send("PUT", "/protection-groups/\(id)", rawBody: "{"), 400, "INVALID_REQUEST")
        #expect(try harness.send("GET", "/protection-groups/\(id)")["version"] == 1)
    }

    @Test("answers an update of a group in an active execution with PG_IN_ACTIVE_EXECUTION")
    func updateInActiveExecution() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let plan = try harness.createPlanID("Web Plan", waves: [("Web", id)])
        try harness.markActive(plan: plan, execution: "exec-1")
        let reply = try harness.send("PUT", "/protection-groups/\(id)", body: ["description": "x"])
        expectError(reply, 409, "PG_IN_ACTIVE_EXECUTION")
        #expect(reply["message"] == "Cannot modify Protection Group while it is part of an active execution")
        #expect(reply["activeExecution"]?["executionId"] == "exec-1")
        #expect(reply["activeExecution"]?["planId"] == .string(plan))
        #expect(reply["activeExecution"]?["planName"] == "Web Plan")
    }

    // MARK: Delete

    @Test("deletes a group: 200 {message,id}, then 404, and its name and servers are free again")
    func delete() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("CRM", servers: ["s-crm-web-01"])
        let tags = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let reply = try harness.send("DELETE", "/protection-groups/\(id)")
        #expect(reply.status == 200)
        #expect(reply["id"] == .string(id))
        #expect(reply["message"]?.stringValue?.isEmpty == false)
        expectError(try harness.send("GET", "/protection-groups/\(id)"), 404, "PROTECTION_GROUP_NOT_FOUND")
        expectError(try harness.send("DELETE", "/protection-groups/\(id)"), 404, "PROTECTION_GROUP_NOT_FOUND")
        #expect(try harness.send("DELETE", "/protection-groups/\(tags)").status == 200)
        #expect(try harness.createGroup("crm", servers: ["s-crm-web-01"])["name"] == "crm")
        #expect(try harness.createGroup("web", tags: ["Tier": "Web"])["name"] == "web")
        #expect(try harness.send("GET", "/protection-groups")["count"] == 2)
    }

    @Test("answers a delete of a group plans use with PG_IN_USE and the plans' names")
    func deleteInUse() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("Web", tags: ["Tier": "Web"])
        let other = try harness.createGroupID("Apps", tags: ["Tier": "App"])
        let second = try harness.createPlanID("Zulu Plan", waves: [("Apps", other), ("Web", id)])
        let first = try harness.createPlanID("Alpha Plan", waves: [("Web", id), ("Web again", id)])
        let reply = try harness.send("DELETE", "/protection-groups/\(id)")
        expectError(reply, 409, "PG_IN_USE")
        #expect(reply["message"] == "Cannot delete Protection Group - it is used in 2 Recovery Plan(s)")
        #expect(reply["plans"] == ["Alpha Plan", "Zulu Plan"])
        #expect(try harness.send("GET", "/protection-groups/\(id)").status == 200)
        #expect(try harness.send("DELETE", "/recovery-plans/\(first)").status == 200)
        let stillUsed = try harness.send("DELETE", "/protection-groups/\(id)")
        #expect(stillUsed["plans"] == ["Zulu Plan"])
        // Moving the plan off the group frees it.
        let moved = try harness.send(
            "PUT", "/recovery-plans/\(second)",
            body: ["waves": [["name": "Apps", "protectionGroupId": .string(other)]]])
        #expect(moved.status == 200, "\(moved)")
        #expect(try harness.send("DELETE", "/protection-groups/\(id)").status == 200)
        expectError(try harness.send("DELETE", "/protection-groups/\(other)"), 409, "PG_IN_USE")
    }

    // MARK: Resolve and preview

    static let selections: [([String: String], [String])] = [
        (["Tier": "Web"], ["crm-web-01", "orders-web-01", "orders-web-02", "orders-web-03"]),
        (["Tier": "web"], []),
        (["Application": "Orders", "Tier": "Database"], ["orders-db-01", "orders-db-02", "orders-db-03"]),
        (ordersDatabase, ["orders-db-01", "orders-db-02"]),
        (["Purpose": "Frontend"], ["orders-web-01", "orders-web-02"]),
        (["Environment": "Production", "Purpose": "Primary"], ["orders-db-01"]),
        (["Application": "CRM", "Tier": "Batch"], []),
        (["Application": "Billing"], ["billing-batch-01"]),
    ]

    @Test("resolves a tag group to exactly the servers matching every tag", arguments: selections)
    func resolve(_ tags: [String: String], _ hostnames: [String]) throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("G", tags: tags)
        harness.clock.advance(milliseconds: 1_000)
        let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
        #expect(reply.status == 200, "\(reply)")
        #expect(reply["protectionGroupId"] == .string(id))
        #expect(reply["region"] == "us-east-1")
        #expect(Self.hostnames(reply["servers"]) == hostnames)
        #expect(reply["serverCount"]?.intValue == hostnames.count)
        #expect(reply["resolvedAt"] == "2027-01-15T08:00:01.000Z")
    }

    @Test("previews unsaved tags to the same servers, in both casings", arguments: selections)
    func preview(_ tags: [String: String], _ hostnames: [String]) throws {
        let harness = try ResourceTestHarness()
        for body: JSONValue in [
            ["region": "us-east-1", "tags": .tags(tags)], ["Region": "us-east-1", "Tags": .tags(tags)],
            ["region": "us-east-1", "serverSelectionTags": .tags(tags)],
        ] {
            let reply = try harness.send("POST", "/protection-groups/resolve", body: body)
            #expect(reply.status == 200, "\(reply)")
            #expect(reply["region"] == "us-east-1")
            #expect(Self.hostnames(reply["servers"]) == hostnames, "\(body.jsonText)")
            #expect(reply["serverCount"]?.intValue == hostnames.count)
            #expect(reply["resolvedAt"] == .string(TestClock.startISO))
        }
        #expect(harness.store.items(.protectionGroups).isEmpty)
    }

    @Test("resolves an explicit group to its servers, and a server's fields are the spec's")
    func resolveExplicit() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("CRM", servers: ["s-crm-web-01", "s-crm-db-01"])
        let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
        #expect(reply.status == 200, "\(reply)")
        #expect(Self.hostnames(reply["servers"]) == ["crm-db-01", "crm-web-01"])
        #expect(reply["serverCount"] == 2)
        let server = try #require(
            reply["servers"]?.arrayValue?.first { $0["sourceServerID"] == "s-crm-web-01" })
        #expect(server["hostname"] == "crm-web-01")
        #expect(server["sourceInstanceId"] == "i-s-crm-web-01")
        #expect(server["replicationState"] == "CONTINUOUS")
        #expect(server["lagDuration"] == "PT1S")
        #expect(server["tags"] == .tags(ResourceTestHarness.tags("CRM", "Web", "Production")))
        for key in ["sourceIp", "os", "lastSeen"] { #expect(server[key] != nil, "\(key)") }
    }

    @Test("answers a preview without region, without tags, or in an uninitialized region with the spec's errors")
    func previewErrors() throws {
        let harness = try ResourceTestHarness()
        let noRegion = try harness.send("POST", "/protection-groups/resolve", body: ["tags": ["Tier": "Web"]])
        expectError(noRegion, 400, "MISSING_FIELD")
        #expect(noRegion["field"] == "region")
        expectError(
            try harness.send("POST", "/protection-groups/resolve", body: ["region": "us-east-1"]), 400, "INVALID_TAGS")
        expectError(
            try harness.send("POST", "/protection-groups/resolve", body: ["region": "us-east-1", "tags": [:]]), 400,
            "INVALID_TAGS")
        let paris = try harness.send(
            "POST", "/protection-groups/resolve", body: ["region": "eu-west-3", "tags": ["Tier": "Web"]])
        expectError(paris, 400, "DRS_NOT_INITIALIZED")
        #expect(paris["region"] == "eu-west-3")
        #expect(paris["consoleUrl"] == "https://eu-west-3.console.aws.amazon.com/drs/home?region=eu-west-3#/welcome")
        expectError(
            try harness.send("POST", "/protection-groups/resolve", rawBody: "nope"), 400, "INVALID_REQUEST")
    }

    @Test("resolves in the group's own region, with one DescribeSourceServers")
    func resolveWest() throws {
        let harness = try ResourceTestHarness()
        let id = try harness.createGroupID("DR", region: "us-west-2", tags: ["Environment": "DR", "Tier": "Web"])
        harness.drs.state.withLock { $0.calls = [] }
        let reply = try harness.send("POST", "/protection-groups/\(id)/resolve")
        #expect(Self.hostnames(reply["servers"]) == ["dr-web-01"])
        #expect(reply["region"] == "us-west-2")
        #expect(harness.drs.state.withLock { $0.calls } == ["DescribeSourceServers us-west-2"])
    }
}

extension ProtectionGroupRoutesTests {
    @Test("accepts a body sent as a JSON object, numeric query values, and percent-encoded ids")
    func directCallerShapes() throws {
        let harness = try ResourceTestHarness()
        let created = try harness.send(
            event: [
                "httpMethod": "POST", "path": "/protection-groups",
                "body": ["GroupName": "Object Body", "Region": "us-east-1", "ServerSelectionTags": ["Tier": "Web"]],
            ])
        #expect(created.status == 201, "\(created)")
        try harness.createGroup("Second", tags: ["Tier": "App"])
        let limited = try harness.send(
            event: ["httpMethod": "GET", "path": "/protection-groups", "queryStringParameters": ["limit": 1]])
        #expect(limited.status == 200, "\(limited)")
        #expect(limited["count"] == 1)
        #expect(limited["nextToken"] != nil)
        let encoded = try harness.send("GET", "/protection-groups/id%2D0001")
        #expect(encoded.status == 200, "\(encoded)")
        #expect(encoded["name"] == "Object Body")
    }

    @Test(
        "answers OPTIONS on every group route with 200 and an unsupported method with 405",
        arguments: [
            ("/protection-groups", "PATCH"), ("/protection-groups/id-1", "POST"),
            ("/protection-groups/id-1/resolve", "GET"), ("/protection-groups/resolve", "DELETE"),
            ("/protection-groups/resolve", "GET"),
        ])
    func methods(_ path: String, _ method: String) throws {
        let harness = try ResourceTestHarness()
        #expect(try harness.send("OPTIONS", path).status == 200)
        let reply = try harness.send(method, path)
        expectError(reply, 405, "METHOD_NOT_ALLOWED")
        #expect(reply["allowedMethods"]?.strings.contains("OPTIONS") == true)
    }
}

/// Shares a non-Sendable value with concurrent work whose safety the test establishes itself
/// (the application and the in-memory fakes are thread-safe).
final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
