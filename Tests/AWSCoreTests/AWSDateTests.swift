import AWSCore
import Testing

@Suite("AWSDate")
struct AWSDateTests {
    @Test(
        "formats epoch seconds as X-Amz-Date and date stamp",
        arguments: [
            (Int64(0), "19700101T000000Z"),
            (1_440_938_160, "20150830T123600Z"),
            (951_782_400, "20000229T000000Z"),
            (1_709_251_199, "20240229T235959Z"),
            (4_102_444_800, "21000101T000000Z"),
            (-1, "19691231T235959Z"),
        ]
    )
    func formats(seconds: Int64, expected: String) {
        let date = AWSDate(secondsSince1970: seconds)
        #expect(date.amzDate == expected)
        #expect(date.dateStamp == String(expected.prefix(8)))
        #expect(AWSDate(amzDate: expected) == date)
    }

    @Test("parses ISO 8601 timestamps, dropping fractions")
    func parsesISO8601() {
        #expect(AWSDate(iso8601: "2015-08-30T12:36:00Z")?.secondsSince1970 == 1_440_938_160)
        #expect(AWSDate(iso8601: "2015-08-30T12:36:00.789Z")?.secondsSince1970 == 1_440_938_160)
        #expect(AWSDate(iso8601: "2015-08-30 12:36:00") == nil)
        #expect(AWSDate(amzDate: "20151330T123600Z") == nil)
    }

    @Test("rounds milliseconds down to the second")
    func milliseconds() {
        #expect(AWSDate(millisecondsSince1970: 1_440_938_160_999).secondsSince1970 == 1_440_938_160)
        #expect(AWSDate(millisecondsSince1970: -1).secondsSince1970 == -1)
    }

    @Test("round-trips every day of four centuries in order")
    func civilRoundTrip() {
        // 146,097 days is one full Gregorian cycle (400 years), leap rules included, either side of 1970.
        var failures: [Int64] = []
        var previous = ""
        for day in Int64(-146_097)...Int64(146_097) {
            let date = AWSDate(secondsSince1970: day * 86_400)
            let stamp = date.dateStamp
            if AWSDate(amzDate: date.amzDate) != date || stamp <= previous {
                failures.append(day)
            }
            previous = stamp
        }
        #expect(failures.isEmpty, "days that did not round-trip: \(failures.prefix(10))")
    }
}
