package index

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/extract"
)

// Entity filters match whole canonical names, whatever characters the
// query-string syntax gives a meaning to.
func TestEntityFilterNames(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "ix"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	org := func(id string, names ...string) Article {
		var ents []extract.Entity
		for _, n := range names {
			ents = append(ents, extract.Entity{Text: n, Type: extract.Org, Canonical: n})
		}
		return Article{ID: id, Source: id, Text: "statement " + id, Extraction: extract.Result{Entities: ents}}
	}
	if err := ix.Apply(Batch{Put: []Article{
		org("a", "Tehrik-e-Taliban Pakistan", "United Nations"),
		org("b", "Taliban", "Jamaat (Ansarullah)"),
		org("c", "United Nations Security Council"),
	}}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		`org:"Tehrik-e-Taliban Pakistan"`:       "a",
		`org:Taliban`:                           "b",
		`org:"Jamaat (Ansarullah)"`:             "b",
		`entity:"united nations"`:               "a",
		`statement -org:"United Nations"`:       "b c",
		`org:"United Nations Security Council"`: "c",
	} {
		res, err := ix.Search(Query{Text: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%s: got %q, want %q", q, g, want)
		}
	}
}
