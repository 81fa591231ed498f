import Testing

@testable import Pipeline

@Suite struct VariablesTests {
    static let variables = Variables(["input": "/v/talk.mp4", "input_dir": "/v", "custom": "c"])

    @Test(arguments: [
        ("plain", Variables.Substitution.resolved("plain")),
        ("${input}", .resolved("/v/talk.mp4")),
        ("${input_dir}/x-${custom}.srt", .resolved("/v/x-c.srt")),
        ("cost: $5 and $$ and $${input}", .resolved("cost: $5 and $ and ${input}")),
        ("${output}/${input_dir}", .unresolved("${output}//v")),
        ("${outptu}", .invalid("unknown variable '${outptu}'; did you mean 'output'?")),
        ("${zzz}", .invalid("unknown variable '${zzz}'; expected one of: input, input_dir, input_stem, output, job_dir, custom")),
        ("${input", .invalid("'${' is not closed by '}'; write '$$' for a literal '$'")),
    ])
    func substitutes(_ text: String, expected: Variables.Substitution) {
        #expect(Self.variables.substitute(text) == expected)
    }
}
