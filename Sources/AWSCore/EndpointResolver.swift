/// Finds the endpoint of a service in a region, honouring the AWS SDKs' endpoint variables.
///
/// Order, as the SDKs apply it: `AWS_ENDPOINT_URL_<SERVICE_ID>` (the service id upper-cased, spaces
/// turned into underscores: `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_DRS`), then
/// `AWS_ENDPOINT_URL`, then `https://{endpointPrefix}.{region}.amazonaws.com` (`.amazonaws.com.cn`
/// in the China regions). `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns the variables off.
package struct EndpointResolver: Sendable {
    /// The override variables, captured once.
    private let overrides: [String: String]
    private let ignoresOverrides: Bool

    /// Keeps the `AWS_ENDPOINT_URL*` variables of `environment`.
    package init(environment: [String: String]) {
        overrides = environment.filter { $0.key.hasPrefix("AWS_ENDPOINT_URL") && !$0.value.isEmpty }
        ignoresOverrides = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
    }

    /// The environment variable that overrides the endpoint of the service with SDK id `serviceID`.
    package static func variableName(serviceID: String) -> String {
        "AWS_ENDPOINT_URL_" + String(serviceID.uppercased().map { $0 == " " ? "_" : $0 })
    }

    /// The endpoint for `service` in `region`.
    ///
    /// - Throws: `AWSConfigurationError.Code.invalidEndpoint` when an override variable is not an
    ///   absolute http(s) URL (naming the variable).
    package func endpoint(for service: AWSService, region: String) throws(AWSConfigurationError) -> AWSEndpoint {
        if !ignoresOverrides {
            for name in [Self.variableName(serviceID: service.serviceID), "AWS_ENDPOINT_URL"] {
                guard let value = overrides[name] else { continue }
                guard let endpoint = AWSEndpoint(url: value) else {
                    throw AWSConfigurationError(
                        code: .invalidEndpoint,
                        message: "\(name)='\(value)' is not an absolute http(s) URL such as http://127.0.0.1:8000"
                    )
                }
                return endpoint
            }
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(suffix)")
    }
}
