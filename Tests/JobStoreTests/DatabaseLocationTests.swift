import JobStore
import Testing

@Suite struct DatabaseLocationTests {
    @Test(arguments: [
        ("sqlite:///app/state/vtrans.sqlite", DatabaseLocation.sqlite(path: "/app/state/vtrans.sqlite")),
        ("sqlite://data/vtrans.sqlite", .sqlite(path: "data/vtrans.sqlite")),
        ("postgres://vtrans:secret@db:5432/vtrans", .postgres(url: "postgres://vtrans:secret@db:5432/vtrans")),
        ("postgresql://db/vtrans", .postgres(url: "postgresql://db/vtrans")),
    ])
    func parses(url: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(url: url) == expected)
    }

    @Test(arguments: ["", "sqlite://", "mysql://db/x", "/tmp/x.sqlite"])
    func rejects(url: String) {
        #expect(throws: JobStoreError.self) { try DatabaseLocation(url: url) }
    }
}
