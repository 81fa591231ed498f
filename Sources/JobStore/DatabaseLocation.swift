/// Which job store a `VTRANS_DATABASE_URL` names.
public enum DatabaseLocation: Sendable, Hashable {
    /// An SQLite file (`sqlite:///absolute/path` or `sqlite://relative/path`).
    case sqlite(path: String)
    /// A PostgreSQL server (`postgres://user:password@host:5432/db`); its store is not in this build yet.
    case postgres(url: String)

    /// Parses a database URL.
    /// - Throws: ``JobStoreError`` `invalidURL` for any other scheme or an empty path.
    public init(url: String) throws(JobStoreError) {
        if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw JobStoreError(.invalidURL, "database URL '\(url)' has no file path; write sqlite:///absolute/path/vtrans.sqlite")
            }
            self = .sqlite(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(url: url)
        } else {
            throw JobStoreError(.invalidURL, "database URL must start with sqlite:// or postgres://")
        }
    }
}
