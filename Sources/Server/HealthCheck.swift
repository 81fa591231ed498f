import Foundation
import JobStore
import Pipeline
import Storage
import Supervisor

/// The deep health check behind `GET /health`: the database takes a write, storage takes a
/// file, the disk has room, every installed stage's executable is there, and models are present
/// when a recognizer is installed.
///
/// Concurrent requests share one check in flight, so a burst of probes costs one round of work.
actor HealthCheck {
    /// One check's outcome.
    struct Item: Encodable, Sendable {
        var ok: Bool
        var message: String
        var milliseconds: Double
        var freeBytes: Int64?
        var missing: [String]?
    }

    /// The whole report.
    struct Report: Encodable, Sendable {
        var status: String
        var version: String
        var checks: [String: Item]
        var ok: Bool { status == "ok" }
    }

    private let store: any JobStore
    private let blobs: any BlobStore
    private let registry: PluginRegistry
    private let locator: ExecutableLocator
    private let modelsDirectory: String?
    private let minimumFreeBytes: Int64
    private var inFlight: Task<Report, Never>?

    init(store: any JobStore, blobs: any BlobStore, registry: PluginRegistry, locator: ExecutableLocator, modelsDirectory: String?, minimumFreeBytes: Int64) {
        self.store = store
        self.blobs = blobs
        self.registry = registry
        self.locator = locator
        self.modelsDirectory = modelsDirectory
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// Runs the checks, or joins the run in flight.
    func report() async -> Report {
        if let inFlight { return await inFlight.value }
        let task = Task { await self.runChecks() }
        inFlight = task
        let report = await task.value
        inFlight = nil
        return report
    }

    private func runChecks() async -> Report {
        var checks: [String: Item] = [:]
        checks["database"] = await timed {
            do {
                try await self.store.checkWritable()
                return Item(ok: true, message: "writable", milliseconds: 0)
            } catch {
                return Item(ok: false, message: "\(error)", milliseconds: 0)
            }
        }
        // uploads/ and output/ (volumes of their own in the container, whose root is read-only).
        let areas = ["uploads", "output"].compactMap { try? BlobKey(components: [$0]) }
        checks["storage"] = await timed {
            do {
                for area in areas { try self.blobs.checkWritable(under: area) }
                return Item(ok: true, message: "uploads/ and output/ writable", milliseconds: 0)
            } catch {
                return Item(ok: false, message: "\(error)", milliseconds: 0)
            }
        }
        checks["disk"] = await timed {
            do {
                var free = Int64.max
                for area in areas { free = min(free, try self.blobs.availableBytes(under: area)) }
                let ok = free >= self.minimumFreeBytes
                return Item(ok: ok, message: ok ? "enough free space" : "less than \(self.minimumFreeBytes) bytes free", milliseconds: 0, freeBytes: free)
            } catch {
                return Item(ok: false, message: "\(error)", milliseconds: 0)
            }
        }
        checks["executables"] = await timed {
            let missing = self.registry.plugins.values.sorted { $0.manifest.name < $1.manifest.name }.compactMap { plugin -> String? in
                (try? self.locator.locate(plugin)) == nil ? "\(plugin.manifest.name) (\(plugin.manifest.executable))" : nil
            }
            let message = missing.isEmpty ? "\(self.registry.plugins.count) stage executables found" : "stage executables missing"
            return Item(ok: !missing.isEmpty ? false : !self.registry.plugins.isEmpty, message: self.registry.plugins.isEmpty ? "no plugins installed" : message,
                        milliseconds: 0, missing: missing.isEmpty ? nil : missing)
        }
        if let recognizer = registry.plugins["recognizer"] {
            checks["models"] = await timed {
                // As the recognizer finds it: a name is $VTRANS_MODELS_DIR/ggml-NAME.bin, a path is itself.
                let directory = self.modelsDirectory ?? "/opt/vtrans/models"
                let model = recognizer.manifest.parameter(named: "model")?.defaultValue ?? "base"
                let path = model.contains("/") ? model : "\(directory)/ggml-\(model).bin"
                let present = FileManager.default.fileExists(atPath: path)
                return Item(
                    ok: present,
                    message: present ? "the recognizer's default model \(path) is present"
                        : "the recognizer's default model \(path) is missing; run scripts/install-models.sh or set VTRANS_MODELS_DIR",
                    milliseconds: 0)
            }
        }
        let ok = checks.values.allSatisfy(\.ok)
        return Report(status: ok ? "ok" : "unavailable", version: VTransServer.version, checks: checks)
    }

    private func timed(_ body: () async -> Item) async -> Item {
        let start = ContinuousClock.now
        var item = await body()
        let elapsed = ContinuousClock.now - start
        item.milliseconds = (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15).rounded(toPlaces: 3)
        return item
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
