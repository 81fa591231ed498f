// StageKit module (work in progress)
