/// The AWS settings a call needs (credentials, region, endpoint) could not be found or are unusable.
package struct AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is missing or wrong.
    package enum Code: String, Sendable, Equatable {
        /// Neither the environment nor the shared files hold credentials for the profile.
        case missingCredentials
        /// Only one of `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (or of the file keys) is set.
        case incompleteCredentials
        /// `AWS_PROFILE` names a profile that neither shared file defines.
        case profileNotFound
        /// The profile gets credentials from a source this client does not implement (role
        /// assumption, SSO, credential_process).
        case unsupportedCredentialSource
        /// No region in the call, `AWS_REGION`, `AWS_DEFAULT_REGION` or the profile.
        case missingRegion
        /// An `AWS_ENDPOINT_URL*` variable is not an http(s) URL.
        case invalidEndpoint
        /// libcrypto (OpenSSL 3), which signing needs, cannot be loaded.
        case cryptoUnavailable
    }

    /// What is missing or wrong.
    package var code: Code
    /// What is wrong and how to fix it, in words for the person running the program.
    package var message: String

    /// An error with `code` and a message for the person running the program.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String {
        "AWSConfigurationError.\(code.rawValue): \(message)"
    }
}
