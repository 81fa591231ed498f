import Foundation
import JobStore

/// A message on a job's WebSocket (docs/api.md, "Live progress").
///
/// `{"type":"job","job":{...}}` first and last (the whole job); in between
/// `{"type":"stage","event":"progress","job_id":"...","stage":{...}}` for every stage event and
/// `{"type":"file","job_id":"...","file":{...}}` for every file a stage reports.
enum JobEvent: Sendable {
    /// The whole job: the first message, and the last once the job has ended.
    case job(Job)
    /// A stage started, progressed, restarted, finished or ended abnormally.
    case stage(jobID: String, event: String, stage: StageProgress)
    /// A stage reported a file.
    case file(jobID: String, role: String, name: String, language: String?, format: String)

    /// The JSON text sent.
    var json: String {
        struct Envelope<Payload: Encodable>: Encodable {
            var type: String
            var event: String?
            var jobId: String?
            var job: JobResource?
            var stage: JobResource.Stage?
            var file: Payload?
        }
        struct FileInfo: Encodable {
            var role: String
            var name: String
            var language: String?
            var format: String
        }
        let envelope: Envelope<FileInfo>
        switch self {
        case .job(let job):
            envelope = Envelope(type: "job", jobId: job.id, job: JobResource(job))
        case .stage(let jobID, let event, let stage):
            envelope = Envelope(type: "stage", event: event, jobId: jobID, stage: JobResource.Stage(stage))
        case .file(let jobID, let role, let name, let language, let format):
            envelope = Envelope(type: "file", jobId: jobID, file: FileInfo(role: role, name: name, language: language, format: format))
        }
        let data = (try? JSONEncoder.api.encode(envelope)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
