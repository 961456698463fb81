package good

// OnWindows is excluded by its file name here, but still checked.
func OnWindows() {}
