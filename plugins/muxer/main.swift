import StageKit

StageMain.run(Muxer.self)
