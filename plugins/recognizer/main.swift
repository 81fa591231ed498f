import StageKit

StageMain.run(RecognizerStage.self)
