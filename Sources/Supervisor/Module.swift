// Supervisor module (work in progress)
