import Foundation

/// What a whisper.cpp model file says about itself before it is loaded: the ggml header and,
/// from the model card beside it (`ggml-NAME.json`, written by `scripts/install-models.sh`), the
/// cross-attention heads that align text with audio.
///
/// Reading it costs a few hundred bytes of I/O, so a stage can check its model on `--validate`
/// without loading the weights.
public struct ModelFile: Sendable {
    /// The model file.
    public let path: String
    /// Tokens in the vocabulary: 51 864 for English-only models, 51 865 or more for multilingual ones.
    public let vocabularySize: Int
    /// Encoder layers (4 tiny, 6 base, 12 small, 24 medium, 32 large).
    public let audioLayers: Int
    /// Decoder layers.
    public let textLayers: Int
    /// Attention heads per decoder layer.
    public let textHeads: Int
    /// Mel bands the model reads (80, or 128 for large-v3).
    public let mels: Int
    /// Decoder cross-attention heads (layer, head) that follow the audio, from the model card;
    /// empty when there is no card.
    let alignmentHeads: [(layer: Int, head: Int)]

    /// Whether the model knows languages other than English (and can translate into English).
    public var isMultilingual: Bool { vocabularySize >= 51865 }

    /// Reads the header of the model at `path` and its card, if there is one.
    /// - Throws: ``RecognitionError`` `model_missing` when there is no file, `model_invalid` when
    ///   it is not a whisper.cpp ggml model.
    public init(path: String) throws(RecognitionError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw RecognitionError(exists ? .modelInvalid : .modelMissing, exists ? "cannot read the model file \(path)" : "there is no model file \(path)")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 48)) ?? Data())
        func field(_ index: Int) -> Int {
            let offset = 4 * index
            return Int(Int32(bitPattern: UInt32(header[offset]) | UInt32(header[offset + 1]) << 8 | UInt32(header[offset + 2]) << 16 | UInt32(header[offset + 3]) << 24))
        }
        // "ggml" as a little-endian UInt32, then eleven Int32 hyperparameters.
        guard header.count == 48, field(0) == 0x6767_6D6C else {
            throw RecognitionError(.modelInvalid, "\(path) is not a whisper.cpp ggml model (bad header); reinstall it with: vtrans models install")
        }
        vocabularySize = field(1)
        audioLayers = field(5)
        textHeads = field(8)
        textLayers = field(9)
        mels = field(10)
        guard vocabularySize > 0, audioLayers > 0, textLayers > 0, textHeads > 0, mels > 0 else {
            throw RecognitionError(.modelInvalid, "\(path) has an impossible ggml header (vocabulary \(vocabularySize), layers \(audioLayers)/\(textLayers))")
        }
        alignmentHeads = Self.cardHeads(beside: path, textLayers: textLayers, textHeads: textHeads)
    }

    /// The `alignment_heads` of `NAME.json` beside `NAME.bin`, when the card is there and its
    /// heads fit the model.
    private static func cardHeads(beside path: String, textLayers: Int, textHeads: Int) -> [(layer: Int, head: Int)] {
        let card = (path as NSString).deletingPathExtension + ".json"
        guard let data = FileManager.default.contents(atPath: card),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pairs = object["alignment_heads"] as? [[Int]] else { return [] }
        let heads = pairs.compactMap { pair in pair.count == 2 ? (layer: pair[0], head: pair[1]) : nil }
        guard heads.count == pairs.count, heads.allSatisfy({ (0..<textLayers).contains($0.layer) && (0..<textHeads).contains($0.head) }) else { return [] }
        return heads
    }
}
