/// The AWS credentials drs-local hands its `bootstrap` children and its own local services.
public struct LocalCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    /// Used when nothing verifies signatures against a real key store (moto without
    /// verification): fixed, so scripts and tests can sign with them too.
    public static let fixed = LocalCredentials(
        accessKeyID: "AKIDLOCALDRSORCHESTR", secretAccessKey: "drs-local/secret/key/for/local/use/only")

    /// The children's environment entries for these credentials.
    public var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey]
    }
}
