/// The AWS settings of this process, read once at start-up: credentials, default region, profile
/// and endpoint overrides.
///
/// Credentials come from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
/// `AWS_SESSION_TOKEN`: what Lambda provides), else from the shared files
/// (`AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`, then `AWS_CONFIG_FILE` or
/// `~/.aws/config`) for the profile `AWS_PROFILE` (default `default`). The region comes from
/// `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`. Nothing is read again per call.
///
/// Construction never fails: a problem (say, no credentials) is kept and thrown by the first call
/// that needs the missing piece, so a process that makes no AWS call still starts.
package struct AWSConfiguration: Sendable {
    /// The credentials, or why there are none.
    package let credentials: Result<AWSCredentials, AWSConfigurationError>
    /// The default region, if any source set one.
    package let region: String?
    /// The profile used for the shared files.
    package let profile: String
    /// Endpoint overrides from the environment.
    package let endpoints: EndpointResolver

    /// Reads the settings from `environment` and, only when needed, the shared files.
    ///
    /// - Parameters:
    ///   - environment: the process environment (`bootstrap` reads it once with `ProcessEnvironment.current`), or a test's.
    ///   - readFile: reads a file's text, nil when it does not exist; injected by tests.
    package init(
        environment: [String: String],
        readFile: (String) -> String? = SharedConfigFile.readFile(atPath:)
    ) {
        func variable(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingASCIIWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        let profile = variable("AWS_PROFILE") ?? variable("AWS_DEFAULT_PROFILE") ?? "default"
        self.profile = profile
        endpoints = EndpointResolver(environment: environment)

        let home = variable("HOME")
        func expand(_ path: String) -> String {
            if let home, path == "~" || path.hasPrefix("~/") {
                return home + path.dropFirst()
            }
            return path
        }
        let credentialsPath =
            variable("AWS_SHARED_CREDENTIALS_FILE").map(expand) ?? home.map { "\($0)/.aws/credentials" }
        let configPath = variable("AWS_CONFIG_FILE").map(expand) ?? home.map { "\($0)/.aws/config" }
        // The files are parsed at most once, and only when the environment does not settle things.
        var files: (credentials: SharedConfigFile?, config: SharedConfigFile?)?
        func loadFiles() -> (credentials: SharedConfigFile?, config: SharedConfigFile?) {
            if let files { return files }
            let loaded = (
                credentialsPath.flatMap(readFile).map(SharedConfigFile.init(parsing:)),
                configPath.flatMap(readFile).map(SharedConfigFile.init(parsing:))
            )
            files = loaded
            return loaded
        }

        let accessKey = variable("AWS_ACCESS_KEY_ID")
        let secretKey = variable("AWS_SECRET_ACCESS_KEY")
        if let accessKey, let secretKey {
            credentials = .success(
                AWSCredentials(
                    accessKeyID: accessKey,
                    secretAccessKey: secretKey,
                    sessionToken: variable("AWS_SESSION_TOKEN")
                )
            )
        } else if accessKey != nil || secretKey != nil {
            let missing = accessKey == nil ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"
            credentials = .failure(
                AWSConfigurationError(
                    code: .incompleteCredentials,
                    message: "\(missing) is not set while its partner is; set both, or neither to use the shared files"
                )
            )
        } else {
            let loaded = loadFiles()
            credentials = Self.fileCredentials(
                profile: profile,
                credentialsFile: loaded.credentials,
                configFile: loaded.config,
                searched: [credentialsPath, configPath].compactMap { $0 }
            )
        }

        if let region = variable("AWS_REGION") ?? variable("AWS_DEFAULT_REGION") {
            self.region = region
        } else {
            let region = loadFiles().config?.configProfile(profile)?["region"]
            self.region = region.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The credentials to sign with.
    ///
    /// - Throws: `AWSConfigurationError` (`.missingCredentials`, `.incompleteCredentials`,
    ///   `.profileNotFound`, `.unsupportedCredentialSource`) saying where it looked.
    package func resolvedCredentials() throws(AWSConfigurationError) -> AWSCredentials {
        try credentials.get()
    }

    /// The region for a call: `override` when given, else the configured default.
    ///
    /// - Throws: `AWSConfigurationError.Code.missingRegion` when neither is set.
    package func resolvedRegion(_ override: String? = nil) throws(AWSConfigurationError) -> String {
        if let override, !override.isEmpty { return override }
        if let region { return region }
        throw AWSConfigurationError(
            code: .missingRegion,
            message: "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or `region` in profile '\(profile)'"
        )
    }

    private static func fileCredentials(
        profile: String,
        credentialsFile: SharedConfigFile?,
        configFile: SharedConfigFile?,
        searched: [String]
    ) -> Result<AWSCredentials, AWSConfigurationError> {
        let fromCredentials = credentialsFile?.section(profile)
        let fromConfig = configFile?.configProfile(profile)
        let places = searched.isEmpty ? "no shared files (HOME is not set)" : searched.joined(separator: ", ")
        if fromCredentials == nil, fromConfig == nil {
            if profile == "default" {
                return .failure(
                    AWSConfigurationError(
                        code: .missingCredentials,
                        message: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                            + "or add a [default] profile (searched \(places))"
                    )
                )
            }
            return .failure(
                AWSConfigurationError(
                    code: .profileNotFound,
                    message: "AWS profile '\(profile)' is not defined (searched \(places))"
                )
            )
        }
        // The credentials file wins key by key over the config file, as in the AWS CLI.
        let merged = (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
        let accessKey = merged["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secretKey = merged["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKey, secretKey) {
        case (let accessKey?, let secretKey?):
            let token = merged["aws_session_token"] ?? merged["aws_security_token"]
            return .success(
                AWSCredentials(
                    accessKeyID: accessKey,
                    secretAccessKey: secretKey,
                    sessionToken: token.flatMap { $0.isEmpty ? nil : $0 }
                )
            )
        case (nil, nil):
            let unsupported = [
                "role_arn", "sso_session", "sso_start_url", "credential_process", "web_identity_token_file",
            ]
            .filter { merged[$0] != nil }
            if !unsupported.isEmpty {
                return .failure(
                    AWSConfigurationError(
                        code: .unsupportedCredentialSource,
                        message:
                            "AWS profile '\(profile)' gets credentials through \(unsupported.joined(separator: ", ")), "
                            + "which this program does not support; export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/"
                            + "AWS_SESSION_TOKEN instead (e.g. `aws configure export-credentials --format env`)"
                    )
                )
            }
            return .failure(
                AWSConfigurationError(
                    code: .missingCredentials,
                    message:
                        "AWS profile '\(profile)' has no aws_access_key_id/aws_secret_access_key (searched \(places))"
                )
            )
        default:
            return .failure(
                AWSConfigurationError(
                    code: .incompleteCredentials,
                    message: "AWS profile '\(profile)' sets only one of aws_access_key_id and aws_secret_access_key"
                )
            )
        }
    }
}
