package index

import (
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/extract"
)

// checkHits fails t unless query q finds exactly the articles of want,
// their IDs in order, space-separated.
func checkHits(t *testing.T, ix *Index, q, want string) {
	t.Helper()
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
		checkHits(t, ix, q, want)
	}
}

// TestUnionFilters checks entity: and place: filters, which search the
// typed fields, against what they meant when the index wrote fields of
// their own: any type for entity:, GPE or LOC for place:; required
// unless negated, with the rest of the query optional beside them; and
// that nothing is written to those fields any more.
func TestUnionFilters(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "ix"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	art := func(id, text string, ents ...extract.Entity) Article {
		return Article{ID: id, Source: id, Text: text, Extraction: extract.Result{Entities: ents}}
	}
	ent := func(name, typ string) extract.Entity {
		return extract.Entity{Text: name, Type: typ, Canonical: name}
	}
	if err := ix.Apply(Batch{Put: []Article{
		art("a", "talks in Georgia", ent("Georgia", extract.GPE)),
		art("b", "a storm in Georgia", ent("Georgia", extract.Loc)),
		art("c", "a song about Georgia", ent("Georgia", extract.Person)),
		art("d", "talks in Kabul", ent("Kabul", extract.GPE), ent("Andrey Belousov", extract.Person)),
	}}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		`entity:Georgia`:           "a b c",
		`place:Georgia`:            "a b",
		`place:georgia talks`:      "a b",
		`+place:Georgia +talks`:    "a",
		`talks -place:Georgia`:     "d",
		`talks -entity:Georgia`:    "d",
		`-entity:Kabul`:            "a b c",
		`entity:belousov`:          "d",
		`place:Kabul entity:Kabul`: "d",
		`entity:Nowhere`:           "",
	} {
		checkHits(t, ix, q, want)
	}
	for _, f := range []string{FieldEntity, FieldPlace} {
		if err := ix.eachTerm(f, "", func(term string) bool {
			t.Errorf("%s holds %q: the field is no longer written", f, term)
			return true
		}); err != nil {
			t.Fatal(err)
		}
	}
	// entity: must cover every type that has a field.
	for typ, f := range entityFields {
		if !slices.Contains(unionFields[FieldEntity], f) {
			t.Errorf("entity: filters do not search %s, the field of %s", f, typ)
		}
	}
}
