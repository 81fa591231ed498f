import GRDB

extension SQLiteJobStore {
    /// The schema, one migration per change; never edit a migration that has shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: jobs, stage processes") { db in
            try db.create(table: "job") { table in
                table.column("id", .text).primaryKey()
                table.column("state", .text).notNull()
                table.column("priority", .integer).notNull().defaults(to: 0)
                table.column("pipeline", .text).notNull()
                table.column("source_language", .text)
                table.column("target_languages", .text).notNull()
                table.column("burn_in", .boolean).notNull()
                table.column("overrides", .text).notNull()
                table.column("idempotency_key", .text).unique()
                table.column("client", .text)
                table.column("input", .text).notNull()
                table.column("subtitles", .text)
                table.column("created_at", .datetime).notNull()
                table.column("started_at", .datetime)
                table.column("finished_at", .datetime)
                table.column("attempts", .integer).notNull().defaults(to: 0)
                table.column("worker", .text)
                table.column("cancel_requested", .boolean).notNull().defaults(to: false)
                table.column("stages", .text).notNull()
                table.column("artifacts", .text).notNull()
                table.column("failure", .text)
                table.column("warnings", .text).notNull()
                table.column("updated_at", .datetime).notNull()
            }
            try db.create(index: "job_queue", on: "job", columns: ["state", "priority", "created_at"])
            try db.create(table: "stage_process") { table in
                table.column("pid", .integer).primaryKey()
                table.column("job_id", .text).notNull().indexed()
                table.column("stage", .text).notNull()
                table.column("executable", .text).notNull()
                table.column("started_at", .datetime).notNull()
            }
            try db.create(table: "health_check") { table in
                table.column("id", .integer).primaryKey()
                table.column("checked_at", .datetime).notNull()
            }
        }
        return migrator
    }
}
