import ArgumentParser

/// The `vtrans` command: runs translation pipelines, their stages and the HTTP service.
@main
struct VTrans: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vtrans",
        abstract: "Self-hosted video translation: transcribe, translate and subtitle videos.",
        discussion: """
            A pipeline (pipelines/*.yaml) names the stages a video goes through: decoder, \
            recognizer, translator, subtitles, muxer. Each stage runs as its own process; \
            vtrans supervises them, applies their resource limits and restarts them by policy.

            Examples:
              vtrans run import-subtitles --input talk.mp4 --set import.path=talk.srt --output out/
              vtrans validate pipelines/translate.yaml
              vtrans plugins
              vtrans languages --from en
              vtrans stage decoder -p path=talk.mp4 --output audio.frames
            """,
        version: "0.1.0",
        subcommands: [RunCommand.self, ValidateCommand.self, StageCommand.self, PluginsCommand.self, LanguagesCommand.self, ModelsCommand.self, ServeCommand.self]
    )
}
