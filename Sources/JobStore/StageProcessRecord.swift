import Foundation
import GRDB

/// A row of the `stage_process` table.
struct StageProcessRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "stage_process"

    var pid: Int32
    var jobID: String
    var stage: String
    var executable: String
    var startedAt: Date

    enum CodingKeys: String, CodingKey {
        case pid, jobID = "job_id", stage, executable, startedAt = "started_at"
    }

    init(_ process: StageProcess) {
        pid = process.pid
        jobID = process.jobID
        stage = process.stage
        executable = process.executable
        startedAt = process.startedAt
    }

    var process: StageProcess {
        StageProcess(pid: pid, jobID: jobID, stage: stage, executable: executable, startedAt: startedAt)
    }
}
