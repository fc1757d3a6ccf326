import API
import DRSLocal
import Foundation
import TestSupport
import Testing

/// The router and `template.yaml` list the same routes (STYLE.md: one source, no drift).
@Suite("Template and router")
struct TemplateRoutesTests {
    static let templatePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("template.yaml").path

    @Test("declare the same API routes, apart from the catch-all that carries 404s and 405s")
    func sameRoutes() throws {
        let template = try SAMTemplate(contentsOfFile: Self.templatePath)
        let function = try #require(template.function(named: "drs-orchestration-api-handler-dev"))
        let declared = Set(function.apiRoutes.filter { $0.path != "/{proxy+}" }.map { "\($0.method) \($0.path)" })
        // The routes do not depend on what the services run over.
        let services = APIServices(store: InMemoryRecordStore(), drs: FakeDRS())
        let routes = try APIApplication.standard(services: services).router.routes
        let served = Set(routes.map { "\($0.method) \($0.pattern)" })
        #expect(declared == served)
        #expect(function.apiRoutes.contains { $0.path == "/{proxy+}" && $0.method == "ANY" })
    }
}
