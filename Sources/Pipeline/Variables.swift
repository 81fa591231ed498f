/// The `${name}` references a pipeline's parameter values may hold, and their values for one run.
///
/// `$$` stands for a literal `$`. A reference to a name that is neither built in nor given is an
/// error; a built-in name without a value is left as written (so a pipeline validates without
/// an input file) and marks the value as unresolved.
struct Variables {
    /// The result of substituting one value.
    enum Substitution: Equatable {
        /// Every reference had a value.
        case resolved(String)
        /// Known references without a value are left in the text.
        case unresolved(String)
        /// A reference names an unknown variable or is not closed.
        case invalid(String)
    }

    private let values: [String: String]
    private let known: [String]

    init(_ values: [String: String]) {
        self.values = values
        self.known = PipelineLoader.variableNames + values.keys.filter { !PipelineLoader.variableNames.contains($0) }.sorted()
    }

    func substitute(_ text: String) -> Substitution {
        var output = ""
        var resolved = true
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            let after = rest[rest.index(after: dollar)...]
            if after.first == "$" {
                output += "$"
                rest = after.dropFirst()
            } else if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else {
                    return .invalid("'${' is not closed by '}'; write '$$' for a literal '$'")
                }
                let name = String(after[after.index(after: after.startIndex)..<close])
                if let value = values[name] {
                    output += value
                } else if known.contains(name) {
                    output += "${\(name)}"
                    resolved = false
                } else {
                    return .invalid("unknown variable '${\(name)}'\(YAMLReader.hint(for: name, among: known))")
                }
                rest = after[after.index(after: close)...]
            } else {
                output += "$"
                rest = after
            }
        }
        output += rest
        return resolved ? .resolved(output) : .unresolved(output)
    }
}
