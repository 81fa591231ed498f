import Storage
import Testing

@Suite struct FileNameTests {
    @Test(arguments: [
        ("talk.mp4", "talk.mp4"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\evil.mp4", "evil.mp4"),
        ("/absolute/path/clip.mkv", "clip.mkv"),
        (".hidden.mp4", "hidden.mp4"),
        ("my talk (final).mp4", "my talk _final_.mp4"),
        ("vidéo été.mp4", "vidéo été.mp4"),
        ("a\u{0}b;rm -rf.mp4", "a_b_rm -rf.mp4"),
        ("..", "upload"),
        ("", "upload"),
        ("/", "upload"),
    ])
    func sanitises(raw: String, expected: String) {
        #expect(FileName.sanitized(raw) == expected)
    }

    @Test func longNamesKeepTheirExtension() {
        let name = FileName.sanitized(String(repeating: "x", count: 500) + ".mp4")
        #expect(name.utf8.count == 120)
        #expect(name.hasSuffix(".mp4"))
    }
}
