import Foundation

/// Where `swift build` and `swift test` put the executables: the directory of the running binary.
///
/// Under `swift test` that is the test binary's own directory (`.build/debug`), which also holds
/// every stage executable the package builds.
public enum BuiltProducts {
    /// The build products directory: the one holding the running executable (read from `/proc/self/exe`).
    public static let directory: URL = {
        var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        // On macOS a test binary sits inside a bundle: products/X.xctest/Contents/MacOS/X.
        while directory.pathExtension == "xctest" || ["Contents", "MacOS"].contains(directory.lastPathComponent) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    /// The built executable called `name` (a product such as `vtrans-decoder`).
    /// - Throws: ``StageTestError`` when it is not there, saying how to build it.
    public static func executable(named name: String) throws(StageTestError) -> URL {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw StageTestError("\(name) is not built in \(directory.path); build it with 'swift build --product \(name)'")
        }
        return url
    }
}
