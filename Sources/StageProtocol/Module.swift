// StageProtocol module (work in progress)
