/// Facts about this build that the API reports.
package enum BuildInfo {
    /// The product version (kept equal to the newest CHANGELOG.md entry).
    package static let version = "0.1.0"
}
