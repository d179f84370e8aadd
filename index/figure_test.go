package index

import (
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/ingest-news/ingest/extract"
)

func qty(lo, hi *float64, unit string) extract.Quantity {
	return extract.Quantity{Low: lo, High: hi, Unit: unit}
}

func num(v float64) *float64 { return &v }

// Each figure is judged as a whole: an article giving "5 percent" and
// "10,000 people" has no figure of at least 10 percent.
func TestFigureFilterPerFigure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := []Article{
		{ID: "a", Source: "a.txt", Text: "report", Extraction: extract.Result{Quantities: []extract.Quantity{
			qty(num(5), num(5), "percent"), qty(num(10000), num(10000), "people")}}},
		{ID: "b", Source: "b.txt", Text: "report", Extraction: extract.Result{Quantities: []extract.Quantity{
			qty(num(5000), num(7000), "fighters")}}},
		{ID: "c", Source: "c.txt", Text: "report", Extraction: extract.Result{Quantities: []extract.Quantity{
			qty(num(300), nil, "Fighters")}}}, // more than 300
		{ID: "d", Source: "d.txt", Text: "report"},
	}
	if err := ix.Apply(Batch{Put: arts}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		min, max *float64
		unit     string
		want     string
	}{
		{"min alone", num(10), nil, "", "a b c"},
		{"max alone", nil, num(5), "", "a"},
		{"unit alone, any case", nil, nil, "FIGHTERS", "b c"},
		{"min and unit on different figures", num(10), nil, "percent", ""},
		{"min and unit on one figure", num(10), nil, "people", "a"},
		{"range inside a stated range", num(6000), num(6500), "", "b"},
		{"range between two figures", num(6), num(9), "", ""},
		{"open bound states its value", num(300), num(300), "fighters", "c"},
		{"open bound is not a larger value", num(301), nil, "fighters", "b"},
	} {
		res, err := ix.Search(Query{FigureMin: tc.min, FigureMax: tc.max, Unit: tc.unit})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, g, tc.want)
		}
	}
}

func TestOpenRefusesOtherSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	b, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "ingest index") {
			t.Errorf("read-only %v: opening an index with another mapping: %v", ro, err)
		}
	}
}
