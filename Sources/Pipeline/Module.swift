// Pipeline module (work in progress)
