import API
import AWSCore
import LambdaRuntime
import Logging

// The Lambda custom runtime: read the environment once, wire the layers, run the loop.
#if canImport(Glibc)
    import Glibc
#endif

let environment = ProcessEnvironment.current
LoggingSystem.bootstrap { label in
    JSONLogHandler(label: label, level: Logger.Level(rawValue: environment["LOG_LEVEL"]?.lowercased() ?? "") ?? .info)
}
let logger = Logger(label: "bootstrap")

let client: RuntimeAPIClient
do {
    client = try RuntimeAPIClient(endpoint: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
} catch {
    // Without a Runtime API there is nobody to report an init error to.
    logger.critical("cannot start", metadata: ["error": "\(error)"])
    exit(1)
}

var loop = RuntimeLoop(client: client)
let outcome = loop.run {
    let application = try APIApplication.standard(
        services: .live(environment: environment), handler: environment["_HANDLER"])
    // Init's own work is done: libcurl and libcrypto load on a background thread while the first
    // GET /next waits for its event (started earlier, the load slowed init: BENCHMARKS.md). The
    // loop itself stays single-threaded.
    CurlTransport.startLoadingLibraries()
    return application
}
switch outcome {
case .runtimeAPIRequestedExit, .invocationLimitReached:
    // Init succeeded, so the background load was started: never exit in the middle of it.
    CurlTransport.finishLoadingLibraries()
    exit(0)
case .initializationFailed(let error):
    // Init threw before the load was started.
    logger.critical("initialization failed", metadata: ["error": "\(error.message)"])
    exit(1)
case .runtimeAPIUnreachable(let error):
    logger.critical("runtime API unreachable", metadata: ["error": "\(error)"])
    CurlTransport.finishLoadingLibraries()
    exit(1)
}
