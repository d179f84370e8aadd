package index

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/ingest-news/ingest/internal/golden"
)

func TestMappingGolden(t *testing.T) {
	b, err := json.MarshalIndent(Mapping(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "mapping.json", append(b, '\n'))
}

func TestMappingValidates(t *testing.T) {
	if err := Mapping().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValueStart(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"2026-02-13", "2026-02-13", true},
		{"2026-02-13T09:00", "2026-02-13", true},
		{"2026-02T09:00", "", false},
		{"2026-02", "2026-02-01", true},
		{"2026", "2026-01-01", true},
		{"2026-Q3", "2026-07-01", true},
		{"2026-H2", "2026-07-01", true},
		{"2026-W01", "2025-12-29", true}, // ISO week 1 of 2026 starts in 2025
		{"2026-W10", "2026-03-02", true},
		{"XXXX-WXX-3", "", false},
		{"PAST_REF", "", false},
		{"2026-13", "", false},
	} {
		got, ok := ValueStart(tc.in)
		if ok != tc.ok || (ok && got.Format("2006-01-02") != tc.want) {
			t.Errorf("ValueStart(%q) = %v, %v; want %s, %v", tc.in, got.Format("2006-01-02"), ok, tc.want, tc.ok)
		}
	}
}

func TestQuoteCompounds(t *testing.T) {
	for in, want := range map[string]string{
		"Tehrik-e-Taliban":          `"Tehrik-e-Taliban"`,
		"IS-KP TTP":                 `"IS-KP" TTP`,
		`"IS-KP fighters" al-Qaida`: `"IS-KP fighters" "al-Qaida"`,
		"+IS-K -ISIS-K":             `+IS-K -ISIS-K`,
		"Russia":                    "Russia",
	} {
		if got := quoteCompounds(in); got != want {
			t.Errorf("quoteCompounds(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLockIsExclusive(t *testing.T) {
	dir := t.TempDir() + "/ix.bleve"
	a, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); err == nil {
		t.Fatal("second writer opened a locked index")
	}
	if _, err := Open(dir, Options{ReadOnly: true}); err == nil {
		t.Fatal("reader opened an index being written")
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("reader after writer closed: %v", err)
	}
	r.Close()
}

// TestEarlierSchemaOpens checks that an index built with doc values on
// the title and text, as earlier versions built it, opens for writing and
// searching without a rebuild, and that a new index has none.
func TestEarlierSchemaOpens(t *testing.T) {
	for _, old := range []bool{true, false} {
		path := filepath.Join(t.TempDir(), "ix")
		ix, err := Open(path, Options{textDocValues: old})
		if err != nil {
			t.Fatal(err)
		}
		a := Article{ID: "a", Source: "a", Text: "Talks in Moscow\n\nThe ministry spoke of talks."}
		if err := ix.Apply(Batch{Put: []Article{a}}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			ix, err := Open(path, Options{ReadOnly: ro})
			if err != nil {
				t.Fatalf("doc values on the text %v, read-only %v: %v", old, ro, err)
			}
			checkHits(t, ix, "ministry", "a")
			dv := ix.b.Mapping().FieldMappingForPath(FieldText).DocValues
			if dv != old {
				t.Errorf("doc values on the text %v: the index has %v", old, dv)
			}
			ix.Close()
		}
	}
}
