import Testing

@testable import Pipeline

@Suite struct RestartPolicyTests {
    @Test func defaultsFollowTheDesign() {
        let policy = RestartPolicy()
        #expect(policy.mode == .onFailure)
        #expect(policy.maxRestarts == 3)
        #expect(policy.windowSeconds == 60)
        #expect(policy.initialBackoffSeconds == 0.5)
        #expect(policy.maxBackoffSeconds == 10)
        #expect(RestartPolicy.Mode.allCases.map(\.rawValue) == ["never", "on-failure"])
    }

    @Test(arguments: [
        ("500ms", 0.5), ("0.5s", 0.5), ("10s", 10), ("2m", 120), ("1.5h", 5400), ("7", 7), (" 3 s ", 3),
    ] as [(String, Double)])
    func readsDurations(_ text: String, seconds: Double) {
        #expect(RestartPolicy.seconds(text) == seconds)
    }

    @Test(arguments: ["", "s", "fast", "10 minutes", "1d", "nan", "infs"])
    func rejectsDurations(_ text: String) {
        #expect(RestartPolicy.seconds(text) == nil)
    }
}
