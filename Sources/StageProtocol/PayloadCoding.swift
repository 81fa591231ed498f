/// Writes payload fields little-endian into a byte buffer.
///
/// Layout rules (docs/protocol.md): integers and floats little-endian, fixed width; strings are
/// a UInt32 byte count then UTF-8; arrays are a UInt32 element count then the elements.
public struct PayloadWriter: Sendable {
    /// The bytes written so far (``FrameEncoder`` lends its output buffer here).
    var buffer: [UInt8]

    /// Starts writing at the end of `buffer`.
    public init(buffer: [UInt8] = []) { self.buffer = buffer }

    /// Gives back the buffer with everything written.
    public consuming func finish() -> [UInt8] { buffer }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }
    public mutating func write(_ value: Double) { write(value.bitPattern) }
    public mutating func write(_ value: Float) { write(value.bitPattern) }
    public mutating func write(_ value: Bool) { write(UInt8(value ? 1 : 0)) }
    public mutating func write(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            write(UInt32(utf8.count))
            buffer.append(contentsOf: utf8)
        }
    }
    /// Writes raw bytes with no length prefix (the rest of the payload).
    public mutating func writeRaw(_ bytes: UnsafeRawBufferPointer) { buffer.append(contentsOf: bytes) }
    /// Writes a count-prefixed array.
    public mutating func write<Element>(_ elements: [Element], _ writeElement: (inout PayloadWriter, Element) -> Void) {
        write(UInt32(elements.count))
        for element in elements { writeElement(&self, element) }
    }
}

/// Reads payload fields written by ``PayloadWriter``; every overrun is a ``ProtocolError``.
public struct PayloadReader: ~Copyable {
    private let bytes: [UInt8]
    private var index: Int
    private let kind: MessageKind

    init(_ bytes: [UInt8], kind: MessageKind) {
        self.bytes = bytes
        self.index = 0
        self.kind = kind
    }

    /// Bytes not read yet.
    public var remaining: Int { bytes.count - index }

    private func malformed(_ what: String) -> ProtocolError {
        ProtocolError(.malformedPayload, "\(kind) payload: \(what) at payload byte \(index) of \(bytes.count)")
    }

    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(ProtocolError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw malformed("needs \(size) more bytes for a \(T.self), has \(remaining)") }
        let value = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: index, as: T.self)) }
        index += size
        return value
    }
    public mutating func read(_: Double.Type = Double.self) throws(ProtocolError) -> Double {
        Double(bitPattern: try read(UInt64.self))
    }
    public mutating func read(_: Float.Type = Float.self) throws(ProtocolError) -> Float {
        Float(bitPattern: try read(UInt32.self))
    }
    public mutating func read(_: Bool.Type = Bool.self) throws(ProtocolError) -> Bool {
        let byte = try read(UInt8.self)
        guard byte <= 1 else { throw malformed("boolean byte is \(byte), not 0 or 1") }
        return byte == 1
    }
    public mutating func read(_: String.Type = String.self) throws(ProtocolError) -> String {
        let count = Int(try read(UInt32.self))
        guard remaining >= count else { throw malformed("string of \(count) bytes but only \(remaining) left") }
        let slice = bytes[index..<(index + count)]
        guard let string = String(validating: slice, as: UTF8.self) else { throw malformed("string is not valid UTF-8") }
        index += count
        return string
    }
    /// Reads the remaining bytes.
    public mutating func readRest() -> ArraySlice<UInt8> {
        defer { index = bytes.count }
        return bytes[index...]
    }
    /// Reads a count-prefixed array; the count is checked against the bytes left before anything is set aside.
    public mutating func readArray<Element>(
        minimumElementSize: Int, _ readElement: (inout PayloadReader) throws(ProtocolError) -> Element
    ) throws(ProtocolError) -> [Element] {
        let count = Int(try read(UInt32.self))
        guard count <= remaining / max(1, minimumElementSize) else {
            throw malformed("array of \(count) elements cannot fit in \(remaining) bytes")
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try readElement(&self)) }
        return elements
    }
}
