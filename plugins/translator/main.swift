import StageKit

StageMain.run(TranslatorStage.self)
