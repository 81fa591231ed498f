extension Collection where Element == String {
    /// Characters of the words joined by single spaces.
    var joinedLength: Int { reduce(Swift.max(0, count - 1)) { $0 + $1.count } }
}
