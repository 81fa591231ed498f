// StageTesting module (work in progress)
