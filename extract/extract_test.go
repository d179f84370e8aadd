package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
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

// TestExtractGroupPanic checks that a step's panic on one text fails
// that text alone, whichever step panics.
func TestExtractGroupPanic(t *testing.T) {
	docs := []Doc{{Text: "Kabul, 3 May 2026"}, {Text: "boom"}, {Text: "Moscow, 4 May 2026"}}
	steps := []func(Doc, *Result){
		func(d Doc, r *Result) { r.Entities = []Entity{{Text: d.Text}} },
		func(d Doc, r *Result) { r.Quantities = []Quantity{{Text: r.Entities[0].Text}} },
		func(d Doc, r *Result) { r.Dates = []Date{{Text: r.Quantities[0].Text}} },
	}
	for bad := range steps {
		withBoom := slices.Clone(steps)
		withBoom[bad] = func(d Doc, r *Result) {
			if d.Text == "boom" {
				panic("boom in " + d.Text)
			}
			steps[bad](d, r)
		}
		got, errs := extractGroup(docs, withBoom...)
		if len(errs) != len(docs) || errs[1] == nil || !strings.Contains(errs[1].Error(), "boom in boom") {
			t.Fatalf("step %d: errors %v, want one for the second text", bad, errs)
		}
		if !reflect.DeepEqual(got[1], Result{}) {
			t.Errorf("step %d: the failed text has a result: %+v", bad, got[1])
		}
		for _, i := range []int{0, 2} {
			s := docs[i].Text
			want := Result{Entities: []Entity{{Text: s}}, Quantities: []Quantity{{Text: s}}, Dates: []Date{{Text: s}}}
			if errs[i] != nil || !reflect.DeepEqual(got[i], want) {
				t.Errorf("step %d, text %d: %+v, %v; want %+v", bad, i, got[i], errs[i], want)
			}
		}
	}
}

// BenchmarkExtractBBC extracts from the 2,225 BBC articles on one
// goroutine, text by text (Extract) and in groups of 64 (ExtractGroup).
//
//	go test ./extract -run '^$' -bench ExtractBBC -benchtime 2x -count 3
func BenchmarkExtractBBC(b *testing.B) {
	texts := gazBBCTexts(b, 2225)
	x := testExtractor(b)
	docs := make([]Doc, len(texts))
	size := 0
	for i, t := range texts {
		docs[i] = Doc{Text: t, Published: dateRef}
		size += len(t)
	}
	dateRules()
	b.Run("one-by-one", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, d := range docs {
				x.Extract(d.Text, d.Published)
			}
		}
	})
	b.Run("group", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for s := 0; s < len(docs); s += 64 {
				if _, errs := x.ExtractGroup(docs[s:min(s+64, len(docs))]); errs != nil {
					b.Fatal(errs)
				}
			}
		}
	})
}
