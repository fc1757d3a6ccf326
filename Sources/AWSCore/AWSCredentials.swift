/// An AWS access key pair, with the session token that temporary (STS, Lambda role) credentials carry.
///
/// `description` hides the secret and the token so credentials can be logged by accident safely.
package struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    /// The public half, e.g. `AKIDEXAMPLE`; appears in the credential scope.
    package var accessKeyID: String
    /// The signing secret; never sent.
    package var secretAccessKey: String
    /// Present for temporary credentials; sent as `X-Amz-Security-Token`.
    package var sessionToken: String?

    /// Credentials from their parts; pass `sessionToken` for temporary credentials.
    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    package var description: String {
        let token = sessionToken == nil ? "none" : "<redacted>"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, sessionToken: \(token))"
    }
}
