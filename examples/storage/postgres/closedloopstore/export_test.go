package closedloopstore

// DefaultPage is how many rows Due and Cases read per query unless a test
// sets it.
const DefaultPage = defaultPage

// SetPage sets how many rows Due and Cases read per query.
func SetPage(s *Store, n int) { s.page = n }
