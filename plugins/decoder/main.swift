import StageKit

StageMain.run(Decoder.self)
