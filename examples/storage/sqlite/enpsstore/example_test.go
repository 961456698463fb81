package enpsstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/servicekultur/servicekultur/enps"
	"github.com/servicekultur/servicekultur/examples/storage/sqlite/enpsstore"
)

// Keep a wave and its responses in a SQLite file, read the running counts
// per unit, erase a respondent and open the file again. A Survey normally
// builds the responses and their pseudonymous tokens; here they are
// written by hand.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "enpsstore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "surveys.db")

	s, err := enpsstore.Open(ctx, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	opens := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	w := enps.Wave{
		ID: "2026-q1", Opens: opens, Closes: opens.AddDate(0, 0, 14), Scale: enps.StandardScale(),
		Units:      []enps.Unit{{ID: "co"}, {ID: "sales", Parent: "co"}},
		Population: []enps.Member{{Employee: "anna", Unit: "sales"}, {Employee: "ben", Unit: "sales"}},
	}
	answer := func(who byte, rating int) enps.Response {
		return enps.Response{Wave: w.ID, Respondent: enps.Token{who}, Unit: "sales", Rating: rating, At: opens}
	}
	for _, err := range []error{
		s.SaveWave(ctx, w),
		s.Save(ctx, answer(1, 9)),
		s.Save(ctx, answer(2, 6)),
		s.Save(ctx, answer(2, 6)), // a retried delivery: no-op
	} {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(s.Save(ctx, answer(2, 10))) // the same key, another rating
	counts, _ := s.Counts(ctx, w.ID)
	fmt.Println("sales:", counts["sales"])
	n, _ := s.Delete(ctx, w.ID, enps.Token{2})
	fmt.Println("erased", n)
	_ = s.Close()

	s, err = enpsstore.Open(ctx, path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	counts, _ = s.Counts(ctx, w.ID)
	fmt.Println("sales after reopening:", counts["sales"])
	// Output:
	// enpsstore: saving a response to wave "2026-q1": enps: conflicting data under an existing ID: wave "2026-q1" holds another response of respondent 02000000000000000000000000000000 at 2026-03-02 08:00:00 +0000 UTC
	// sales: [0 0 0 0 0 0 1 0 0 1 0]
	// erased 1
	// sales after reopening: [0 0 0 0 0 0 0 0 0 1 0]
}
