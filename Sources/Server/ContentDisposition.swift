import Foundation

/// The parts of a multipart `Content-Disposition: form-data; name="file"; filename="talk.mp4"` header.
struct ContentDisposition: Equatable {
    /// The form field's name.
    var name: String?
    /// The file name the client gave, as given (not yet sanitised).
    var fileName: String?

    /// Parses a header value; quoted strings may hold `;` and `\"`; `filename*=UTF-8''...` wins.
    init(_ value: String) {
        var parameters: [String: String] = [:]
        var index = value.startIndex
        func skipSpaces() { while index < value.endIndex, value[index] == " " || value[index] == "\t" { index = value.index(after: index) } }
        // Skip the disposition type.
        while index < value.endIndex, value[index] != ";" { index = value.index(after: index) }
        while index < value.endIndex {
            index = value.index(after: index)  // past ';'
            skipSpaces()
            var key = ""
            while index < value.endIndex, value[index] != "=", value[index] != ";" {
                key.append(value[index])
                index = value.index(after: index)
            }
            var parameter = ""
            if index < value.endIndex, value[index] == "=" {
                index = value.index(after: index)
                skipSpaces()
                if index < value.endIndex, value[index] == "\"" {
                    index = value.index(after: index)
                    while index < value.endIndex, value[index] != "\"" {
                        if value[index] == "\\", value.index(after: index) < value.endIndex { index = value.index(after: index) }
                        parameter.append(value[index])
                        index = value.index(after: index)
                    }
                    if index < value.endIndex { index = value.index(after: index) }
                    while index < value.endIndex, value[index] != ";" { index = value.index(after: index) }
                } else {
                    while index < value.endIndex, value[index] != ";" {
                        parameter.append(value[index])
                        index = value.index(after: index)
                    }
                }
            }
            parameters[key.trimmingCharacters(in: .whitespaces).lowercased()] = parameter.trimmingCharacters(in: .whitespaces)
        }
        name = parameters["name"]
        if let extended = parameters["filename*"], let quote = extended.range(of: "''") {
            fileName = String(extended[quote.upperBound...]).removingPercentEncoding ?? parameters["filename"]
        } else {
            fileName = parameters["filename"]
        }
    }
}
