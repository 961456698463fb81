package npsstore

// DefaultPage is how many rows Responses reads per query unless a test
// sets it.
const DefaultPage = defaultPage

// SetPage sets how many rows Responses reads per query.
func SetPage(s *Store, n int) { s.page = n }
