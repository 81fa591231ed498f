import CFFmpeg
import Media
import StageProtocol

/// libswresample set up to turn one input layout, format and rate into mono float32 at the
/// output rate, writing straight into a ``ChunkAssembler``.
final class AudioResampler {
    private var context: OpaquePointer?
    private var inputLayout = AVChannelLayout()
    private let inputFormat: Int32
    private let inputRate: Int32

    /// Configures the conversion for frames shaped like `frame`.
    /// - Throws: ``StageFailure`` `media_error` when libswresample rejects the conversion.
    init(like frame: Frame, outputRate: Int32) throws(StageFailure) {
        let f = frame.pointer
        inputFormat = f.pointee.format
        inputRate = f.pointee.sample_rate
        if f.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&inputLayout, max(1, f.pointee.ch_layout.nb_channels))
        } else {
            av_channel_layout_copy(&inputLayout, &f.pointee.ch_layout)
        }
        var mono = AVChannelLayout()
        av_channel_layout_default(&mono, 1)
        var status = swr_alloc_set_opts2(
            &context, &mono, AV_SAMPLE_FMT_FLT, outputRate,
            &inputLayout, AVSampleFormat(rawValue: inputFormat), inputRate, 0, nil)
        if status >= 0 { status = swr_init(context) }
        guard status >= 0 else {
            throw .mediaError("setting up the resampler from \(inputRate) Hz, \(inputLayout.nb_channels) channels", status: status)
        }
    }

    deinit {
        swr_free(&context)
        av_channel_layout_uninit(&inputLayout)
    }

    /// Whether `frame` has the layout, format and rate this resampler was set up for.
    func accepts(_ frame: Frame) -> Bool {
        let f = frame.pointer
        guard f.pointee.format == inputFormat, f.pointee.sample_rate == inputRate else { return false }
        if f.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            return f.pointee.ch_layout.nb_channels == inputLayout.nb_channels
        }
        return av_channel_layout_compare(&f.pointee.ch_layout, &inputLayout) == 0
    }

    /// Converts all of `frame` into `chunks`.
    func convert(_ frame: Frame, into chunks: ChunkAssembler) throws {
        let input = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data)
            .map { $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self) }
        try run(input: input, count: frame.pointer.pointee.nb_samples, into: chunks)
    }

    /// Drains what the resampler still holds at the end of the input (or of a format).
    func flush(into chunks: ChunkAssembler) throws {
        try run(input: nil, count: 0, into: chunks)
    }

    /// Calls swr_convert until it leaves output space unused: the first call takes the input,
    /// the next ones (input count 0) collect what did not fit.
    private func run(input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32, into chunks: ChunkAssembler) throws {
        var pending = count
        while true {
            let (written, capacity) = try chunks.fill { destination, capacity in
                var plane: UnsafeMutablePointer<UInt8>? = destination
                let produced = swr_convert(context, &plane, capacity, input, pending)
                guard produced >= 0 else { throw StageFailure.mediaError("resampling", status: produced) }
                return produced
            }
            pending = 0
            if written < capacity { return }
        }
    }
}
