import Foundation
import HummingbirdWSClient

/// One DevTools connection: commands sent one at a time, answers matched by id.
final class DevToolsSession: @unchecked Sendable {
    private var inbound: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private var nextID = 0

    init(inbound: WebSocketInboundMessageStream.AsyncIterator, outbound: WebSocketOutboundWriter) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends `method` and returns its `result`.
    /// - Throws: when DevTools answers with an error.
    @discardableResult
    func send(_ method: String, _ parameters: [String: Any] = [:]) async throws -> [String: Any] {
        nextID += 1
        let id = nextID
        let data = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": parameters])
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
        while let message = try await inbound.next() {
            guard case .text(let text) = message,
                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                object["id"] as? Int == id
            else { continue }
            if let error = object["error"] as? [String: Any] { throw ServerTestError("\(method): \(error)") }
            return object["result"] as? [String: Any] ?? [:]
        }
        throw ServerTestError("DevTools closed the connection during \(method)")
    }

    /// Evaluates `expression` in the page and returns its value.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] { throw ServerTestError("page script failed: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Sets the files of the `<input type=file>` matching `selector`, as a user picking them would.
    func setFiles(_ selector: String, _ paths: [String]) async throws {
        let document = try await send("DOM.getDocument", ["depth": 0])
        let root = ((document["root"] as? [String: Any])?["nodeId"] as? Int) ?? 0
        let node = try await send("DOM.querySelector", ["nodeId": root, "selector": selector])
        guard let nodeID = node["nodeId"] as? Int, nodeID != 0 else { throw ServerTestError("no element \(selector)") }
        try await send("DOM.setFileInputFiles", ["nodeId": nodeID, "files": paths])
    }
}
