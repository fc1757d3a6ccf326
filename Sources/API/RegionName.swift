import Orchestrator

/// An AWS region name as the API accepts it: `us-east-1`, `ap-southeast-2`, `us-gov-west-1`.
///
/// The region names the DRS endpoint and is part of every request signature: a value that cannot
/// be a region is the caller's mistake (400 `INVALID_REQUEST`), not a DRS failure (502).
package enum RegionName {
    /// Two lowercase letters, one or more lowercase words, and a number of one or two digits, all
    /// separated by `-`.
    package static func isValid(_ text: String) -> Bool {
        let parts = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count >= 3, let first = parts.first, let last = parts.last else { return false }
        func isLetters(_ part: Substring.UTF8View) -> Bool {
            !part.isEmpty && part.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        }
        return first.count == 2 && isLetters(first) && parts.dropFirst().dropLast().allSatisfy(isLetters)
            && (1...2).contains(last.count) && last.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// `text`, checked.
    /// - Throws: 400 `INVALID_REQUEST` naming `field` when it is not a region name.
    @discardableResult
    package static func validated(_ text: String, field: String = "region") throws(DomainError) -> String {
        guard isValid(text) else {
            throw .invalidRequest("\(field) must be an AWS region name such as us-east-1", field: field)
        }
        return text
    }
}
