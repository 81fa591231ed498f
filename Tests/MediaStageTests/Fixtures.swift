import Foundation

/// Media files made once per test run with espeak-ng and ffmpeg (nothing binary is committed).
final class Fixtures: Sendable {
    /// The shared set, made on first use.
    static let shared = Result(catching: { try Fixtures() })

    /// Directory holding the files.
    let directory: URL

    /// Spoken English, as espeak-ng writes it (22050 Hz mono WAV).
    var speech: String { path("speech.wav") }
    /// A video with no audio stream.
    var silentVideo: String { path("no-audio.mp4") }
    /// A text file named like a video.
    var textNamedMP4: String { path("notes.mp4") }
    /// An MP4 cut in half with its index at the end: unreadable.
    var truncatedMP4: String { path("truncated.mp4") }
    /// An MP4 cut in half with its index at the front: half its audio is readable.
    var truncatedFaststartMP4: String { path("truncated-faststart.mp4") }
    /// The clip in MP4 with its audio starting 1 s after its picture.
    var lateAudio: String { path("late-audio.mp4") }
    /// Subtitles for ``clip(_:)``, in SRT.
    var englishSRT: String { path("en.srt") }
    /// Spanish subtitles for ``clip(_:)``, in WebVTT.
    var spanishVTT: String { path("es.vtt") }

    /// The test clip (video plus speech) in a container: `mp4`, `mkv`, `webm`, `mov` or `wav`.
    func clip(_ container: String) -> String { path("clip.\(container)") }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private static let location = FileManager.default.temporaryDirectory.appendingPathComponent("vtrans-media-fixtures-\(getpid())")

    private init() throws {
        directory = Self.location
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.location) }
        let text = "The decoder turns this sentence into sixteen kilohertz audio. Then the recogniser writes it down, and the muxer puts the subtitles back."
        try Tool.run(["espeak-ng", "-v", "en", "-s", "170", "-w", speech, text])
        let video = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25"]
        let quiet = ["ffmpeg", "-y", "-v", "error"]
        // Stereo 48 kHz AAC so the decoder has to mix down and resample.
        try Tool.run(quiet + video + ["-i", speech, "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                                      "-c:a", "aac", "-ac", "2", "-ar", "48000", clip("mp4")])
        try Tool.run(quiet + video + ["-i", speech, "-shortest", "-c:v", "libx264", "-preset", "ultrafast",
                                      "-c:a", "libopus", "-ac", "2", clip("mkv")])
        try Tool.run(quiet + video + ["-i", speech, "-shortest", "-c:v", "libvpx", "-deadline", "realtime", "-b:v", "200k",
                                      "-c:a", "libvorbis", clip("webm")])
        try Tool.run(quiet + video + ["-i", speech, "-shortest", "-c:v", "mpeg4", "-c:a", "pcm_s16le", clip("mov")])
        try Tool.run(quiet + ["-i", speech, "-ar", "44100", clip("wav")])
        try Tool.run(quiet + video + ["-t", "2", "-c:v", "libx264", "-preset", "ultrafast", silentVideo])
        try Tool.run(quiet + video + ["-itsoffset", "1", "-i", speech, "-t", "4", "-c:v", "libx264", "-preset", "ultrafast",
                                      "-c:a", "aac", lateAudio])
        try Data("These are meeting notes, not a video.\nSecond line.\n".utf8).write(to: URL(fileURLWithPath: textNamedMP4))
        try Self.cutInHalf(clip("mp4"), to: truncatedMP4)
        let faststart = path("faststart.mp4")
        try Tool.run(quiet + ["-i", clip("mp4"), "-c", "copy", "-movflags", "+faststart", faststart])
        try Self.cutInHalf(faststart, to: truncatedFaststartMP4)
        try Data(Self.englishCues.utf8).write(to: URL(fileURLWithPath: englishSRT))
        try Data(Self.spanishCues.utf8).write(to: URL(fileURLWithPath: spanishVTT))
    }

    private static func cutInHalf(_ source: String, to destination: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: destination))
    }

    static let englishCues = """
        1
        00:00:00,500 --> 00:00:02,000
        The decoder turns this sentence

        2
        00:00:02,250 --> 00:00:04,100
        into sixteen kilohertz audio.

        3
        00:00:04,500 --> 00:00:06,000
        Then the recogniser
        writes it down.

        """

    static let spanishCues = """
        WEBVTT

        00:00:00.500 --> 00:00:02.000
        El decodificador convierte esta frase

        00:00:02.250 --> 00:00:04.100
        en audio de dieciséis kilohercios.

        00:00:04.500 --> 00:00:06.000
        Luego el reconocedor
        la escribe.

        """
}
