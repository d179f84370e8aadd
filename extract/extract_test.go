package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestExtractGroup checks that a group gives each text what Extract gives
// it alone, on the seed articles.
func TestExtractGroup(t *testing.T) {
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Skip("no seed articles in ../seeds")
	}
	x := testExtractor(t)
	pub := time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)
	var docs []Doc
	for i, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// Every other one undated, so that both kinds of reference mix.
		d := Doc{Text: string(raw)}
		if i%2 == 0 {
			d.Published = pub
		}
		docs = append(docs, d)
	}
	got, errs := x.ExtractGroup(docs)
	if errs != nil {
		t.Fatalf("errors: %v", errs)
	}
	if len(got) != len(docs) {
		t.Fatalf("%d results for %d texts", len(got), len(docs))
	}
	for i, d := range docs {
		want := x.Extract(d.Text, d.Published)
		if len(want.Entities)+len(want.Quantities)+len(want.Dates) == 0 {
			t.Errorf("%s: nothing extracted", files[i])
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("%s: grouped\n%+v\nalone\n%+v", files[i], got[i], want)
		}
	}
}

// TestExtractGroupPanic checks that an extractor's panic on one text
// fails that text alone, whichever extractor panics.
func TestExtractGroupPanic(t *testing.T) {
	docs := []Doc{{Text: "Kabul, 3 May 2026"}, {Text: "boom"}, {Text: "Moscow, 4 May 2026"}}
	ents := func(s string) []Entity { return []Entity{{Text: s}} }
	qtys := func(s string, _ []Entity) []Quantity { return []Quantity{{Text: s}} }
	dates := func(s string, _ time.Time) []Date { return []Date{{Text: s}} }
	boom := func(s string) {
		if strings.Contains(s, "boom") {
			panic("boom in " + s)
		}
	}
	for stage := range 3 {
		e, q, d := ents, qtys, dates
		switch stage {
		case 0:
			e = func(s string) []Entity { boom(s); return ents(s) }
		case 1:
			q = func(s string, es []Entity) []Quantity { boom(s); return qtys(s, es) }
		case 2:
			d = func(s string, ref time.Time) []Date { boom(s); return dates(s, ref) }
		}
		got, errs := extractGroup(docs, e, q, d)
		if len(errs) != len(docs) || errs[1] == nil || !strings.Contains(errs[1].Error(), "boom in boom") {
			t.Fatalf("stage %d: errors %v, want one for the second text", stage, errs)
		}
		if !reflect.DeepEqual(got[1], Result{}) {
			t.Errorf("stage %d: the failed text has a result: %+v", stage, got[1])
		}
		for _, i := range []int{0, 2} {
			want := Result{Entities: ents(docs[i].Text), Quantities: qtys(docs[i].Text, nil), Dates: dates(docs[i].Text, time.Time{})}
			if errs[i] != nil || !reflect.DeepEqual(got[i], want) {
				t.Errorf("stage %d, text %d: %+v, %v; want %+v", stage, i, got[i], errs[i], want)
			}
		}
	}
}
