import Testing
import World

/// Every number a learner types is checked where it enters: no input reaches arithmetic that
/// overflows (which would kill the tutor).
@Suite("typed numbers are checked where they enter")
struct NumberInputTests {
    /// A world with dana and her access key (a profile of her name).
    static func withDana() -> World {
        var w = World()
        ok(&w, "aws iam create-user --user-name dana")
        ok(&w, "aws iam create-access-key --user-name dana")
        return w
    }

    @Test("the clock holds 1970 to 9999: a time outside is refused before it becomes an Int")
    func clockRange() {
        #expect(SimulatedClock.readTime("99999999999999999999") == .outOfRange)
        #expect(SimulatedClock.readTime("9223372036854775000") == .outOfRange)
        #expect(SimulatedClock.readTime("0000-01-01T00:00:00Z") == .outOfRange)
        #expect(SimulatedClock.readTime("soon") == .unreadable)
        #expect(SimulatedClock.readTime("9999-12-31T23:59:59Z") == .time(253_402_300_799))
        #expect(SimulatedClock.parseTime("99999999999999999999") == nil)
        #expect(SimulatedClock.rangeDescription == "1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z")
    }

    @Test("moving the clock stops at the end of its range instead of overflowing")
    func clockArithmetic() {
        var clock = SimulatedClock(now: SimulatedClock.range.upperBound - 10)
        #expect(!clock.canAdvance(by: 86400))
        #expect(!clock.canAdvance(by: Int.max))
        #expect(clock.canAdvance(by: 10))
        clock.advance(by: Int.max)
        #expect(clock.now == SimulatedClock.range.upperBound)
        clock.set(to: Int.max)
        #expect(clock.now == SimulatedClock.range.upperBound)
        #expect(SimulatedClock.iso8601(Int.min) == "1970-01-01T00:00:00Z")
        // Durations: one longer than the clock's whole range is no duration.
        #expect(SimulatedClock.parseDuration("1h30m") == 5400)
        #expect(SimulatedClock.parseDuration(String(repeating: "9999999d", count: 400)) == nil)
    }

    @Test("DurationSeconds: AWS's ranges and AWS's own text, before anything is added to the clock")
    func durations() {
        var w = Self.withDana()
        let assume = "aws sts assume-role --role-arn arn:aws:iam::111122223333:role/X --role-session-name s1 --profile dana --duration-seconds"
        #expect(
            fails(&w, "\(assume) 9223372036854775807", .validationError)
                == "An error occurred (ValidationError) when calling the AssumeRole operation: 1 validation error detected: Value '9223372036854775807' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"
        )
        #expect(fails(&w, "\(assume) 43201", .validationError).hasSuffix("Member must have value less than or equal to 43200"))
        // Below the model's minimum, the CLI refuses before sending (botocore's validation).
        #expect(
            fails(&w, "\(assume) 899", nil) == "Parameter validation failed:\nInvalid value for parameter DurationSeconds, value: 899, valid min value: 900")
        #expect(fails(&w, "\(assume) -9223372036854775808", nil).hasSuffix("value: -9223372036854775808, valid min value: 900"))
        // Python's int() reads any length; the service refuses it as out of range.
        #expect(fails(&w, "\(assume) 99999999999999999999", .validationError).hasSuffix("Member must have value less than or equal to 43200"))
        #expect(fails(&w, "\(assume) 12x", nil) == "invalid literal for int() with base 10: '12x'")
        let token = "aws sts get-session-token --profile dana --duration-seconds"
        #expect(fails(&w, "\(token) 9223372036854775807", .validationError).hasSuffix("Member must have value less than or equal to 129600"))
        #expect(fails(&w, "\(token) 100", nil).hasSuffix("Invalid value for parameter DurationSeconds, value: 100, valid min value: 900"))
    }

    @Test("a session taken at the end of the clock's range does not overflow")
    func sessionAtTheEndOfTime() {
        var w = Self.withDana()
        w.clock.set(to: SimulatedClock.range.upperBound)
        #expect(ok(&w, "aws sts get-session-token --profile dana --duration-seconds 129600").contains("9999-12-31T23:59:59Z"))
    }

    @Test("CloudTrail times: an unparsable timestamp is refused as the CLI refuses it")
    func trailTimes() {
        var w = Self.withDana()
        for (flag, name) in [("--start-time", "StartTime"), ("--end-time", "EndTime")] {
            let outcome = w.run("aws cloudtrail lookup-events \(flag) 99999999999999999999", readFile: { _ in nil })
            #expect(
                outcome.error?.description
                    == "Parameter validation failed:\nInvalid type for parameter \(name), value: 99999999999999999999, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string"
            )
            #expect(outcome.error?.exitStatus == 252)
        }
        ok(&w, "aws cloudtrail lookup-events --start-time 2026-01-01T00:00:00Z --end-time 9999-12-31T23:59:59Z")
    }
}
