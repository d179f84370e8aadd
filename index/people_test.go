package index

import (
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/ingest-news/ingest/extract"
)

func personArticle(id string, names ...string) Article {
	var ents []extract.Entity
	for _, n := range names {
		ents = append(ents, extract.Entity{Text: n, Type: extract.Person, Canonical: n})
	}
	return Article{ID: id, Source: id + ".txt", Text: "report " + id, Extraction: extract.Result{Entities: ents}}
}

// A surname alone takes the one full name the index knows, across runs;
// a surname two people share stays as written.
func TestSurnameAcrossArticles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	for _, batch := range [][]Article{
		{personArticle("a", "Andrey Belousov"), personArticle("b", "Nawaz Sharif", "Shehbaz Sharif")},
		{personArticle("c", "Belousov", "Sharif", "Shoigu")},
	} {
		ix, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply(Batch{Put: batch}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	a, err := ix.Get("c")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Andrey Belousov", "Sharif", "Shoigu"}
	for i, e := range a.Extraction.Entities {
		if e.Canonical != want[i] {
			t.Errorf("%s: canonical %q, want %q", e.Text, e.Canonical, want[i])
		}
	}
	res, err := ix.Search(Query{Text: `person:"Andrey Belousov"`})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("person:\"Andrey Belousov\" finds %d articles, want 2", res.Total)
	}
}

// The table of names lasts the whole run: it keeps copies of the names it
// learns, not the articles' texts they may be slices of.
func TestPeopleKeepCopies(t *testing.T) {
	text := "Yesterday Andrey Belousov said"
	p := &people{full: map[string]map[string]bool{}}
	p.add(text[10:25])
	p.add(text[10:25])
	if len(p.full["Belousov"]) != 1 {
		t.Fatalf("learnt %v", p.full)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(text)))
	for last, names := range p.full {
		for name := range names {
			for _, s := range []string{last, name} {
				if at := uintptr(unsafe.Pointer(unsafe.StringData(s))); at >= lo && at < lo+uintptr(len(text)) {
					t.Errorf("%q shares the text's memory", s)
				}
			}
		}
	}
}
