import Foundation

/// Everything the emulator needs: the template, the `bootstrap` to run and where to listen.
package struct EmulatorConfiguration: Sendable {
    package var template: SAMTemplate
    /// Path of the runtime executable started for each function instance.
    package var bootstrapPath: String
    /// Runtime processes per function; invocations of a function run one per instance at a time.
    package var instancesPerFunction: Int = 1
    /// Address every server binds (loopback).
    package var host: String = "127.0.0.1"
    /// Lambda Invoke API port; 0 picks a free one.
    package var invokePort: Int = 9001
    /// API Gateway port; 0 picks a free one.
    package var apiPort: Int = 3000
    /// What the API Gateway checks before invoking (drs-local sets the local Cognito pool's verifier).
    package var apiAuthorizer: APIGatewayAuthorizer = .none(adminGroup: AuthorizerClaims.defaultAdminGroup)
    /// How often functions with a `Schedule` event are invoked (EventBridge's stand-in); nil: never.
    package var tickInterval: Duration? = .seconds(2)
    /// First Runtime API port (one per instance, consecutive); 0 picks free ones.
    package var runtimePort: Int = 0
    /// Variables added to (or replacing) every child's environment, after all others.
    package var environmentOverrides: [String: String] = [:]
    /// drs-local's own environment, from which PATH, HOME and AWS_* variables pass to children.
    package var parentEnvironment: [String: String] = ProcessInfo.processInfo.environment
    /// Children's working directory and `LAMBDA_TASK_ROOT`; the bootstrap's directory when nil.
    package var taskRoot: String?
    /// Pause before restarting a runtime that exited.
    package var restartDelay: Duration = .milliseconds(100)
    /// How long a child has between SIGTERM and SIGKILL at shutdown.
    package var shutdownGrace: Duration = .seconds(2)
    package var log: EmulatorLog = .standardOutput

    package init(template: SAMTemplate, bootstrapPath: String) {
        self.template = template
        self.bootstrapPath = bootstrapPath
    }

    package var region: String { template.region }
    package var accountID: String { template.accountID }

    /// `.build/debug/bootstrap` under `directory` if it exists, else `.build/release/bootstrap`.
    package static func defaultBootstrapPath(in directory: String = FileManager.default.currentDirectoryPath) -> String
    {
        let debug = URL(fileURLWithPath: directory).appendingPathComponent(".build/debug/bootstrap").path
        if FileManager.default.isExecutableFile(atPath: debug) { return debug }
        return URL(fileURLWithPath: directory).appendingPathComponent(".build/release/bootstrap").path
    }

    /// Variables passed through from drs-local's own environment.
    static let inheritedNames: Set<String> = [
        "PATH", "HOME", "USER", "LANG", "TMPDIR", "LD_LIBRARY_PATH", "SSL_CERT_FILE", "SSL_CERT_DIR",
    ]

    /// The environment of instance `instance` of `function`, whose Runtime API listens on
    /// `runtimePort`: inherited PATH/HOME/AWS_* < template variables < Lambda's reserved
    /// variables < `environmentOverrides`.
    package func childEnvironment(for function: SAMFunction, instance: Int, runtimePort: Int) -> [String: String] {
        var environment = parentEnvironment.filter { name, _ in
            Self.inheritedNames.contains(name) || (name.hasPrefix("AWS_") && !name.hasPrefix("AWS_LAMBDA_"))
        }
        environment.merge(function.environment) { _, template in template }
        let taskRoot = resolvedTaskRoot
        let reserved: [String: String] = [
            "AWS_LAMBDA_RUNTIME_API": "\(host):\(runtimePort)",
            "AWS_LAMBDA_FUNCTION_NAME": function.functionName,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(function.memorySize),
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(function.functionName)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]instance\(instance + 1)",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "_HANDLER": function.handler,
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "LAMBDA_TASK_ROOT": taskRoot,
            "LAMBDA_RUNTIME_DIR": taskRoot,
            "TZ": ":UTC",
        ]
        environment.merge(reserved) { _, lambda in lambda }
        environment.merge(environmentOverrides) { _, override in override }
        return environment
    }

    var resolvedBootstrapPath: String {
        URL(fileURLWithPath: bootstrapPath, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    var resolvedTaskRoot: String {
        taskRoot ?? URL(fileURLWithPath: resolvedBootstrapPath).deletingLastPathComponent().path
    }
}
