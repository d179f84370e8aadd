package index

import (
	"errors"
	"math"
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
		{ID: "e", Source: "e.txt", Text: "report", Extraction: extract.Result{Quantities: []extract.Quantity{
			qty(num(2e6), num(2e6), "$"), qty(num(-40), num(-40), "degrees"), qty(num(0.25), num(0.25), "")}}},
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
		{"min alone", num(10), nil, "", "a b c e"},
		{"max alone", nil, num(5), "", "a e"},
		{"a figure in the decade of min but below it", num(2.5e6), nil, "", ""},
		{"a figure at min exactly", num(2e6), nil, "", "e"},
		{"negative figures", nil, num(-10), "", "e"},
		{"a range of fractions", num(0.2), num(0.3), "", "e"},
		{"unit alone, any case", nil, nil, "FIGHTERS", "b c"},
		{"min and unit on different figures", num(10), nil, "percent", ""},
		{"min and unit on one figure", num(10), nil, "people", "a"},
		{"range inside a stated range", num(6000), num(6500), "", "b"},
		{"range between two figures", num(6), num(9), "", ""},
		{"open bound states its value", num(300), num(300), "fighters", "c"},
		{"open bound is not a larger value", num(301), nil, "fighters", "b"},
	} {
		// Alone, the filter finds its candidates; with a text query, it
		// judges the text's matches.
		for _, text := range []string{"", "report"} {
			res, err := ix.Search(Query{Text: text, FigureMin: tc.min, FigureMax: tc.max, Unit: tc.unit, Facets: 3})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			sort.Strings(got)
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("%s, text %q: got %q, want %q", tc.name, text, g, tc.want)
			}
			if res.Total != uint64(len(got)) {
				t.Errorf("%s, text %q: total %d, %d hits", tc.name, text, res.Total, len(got))
			}
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

// magnitude never decreases as its argument grows, and splits at the
// decades exactly.
func TestMagnitudeOrder(t *testing.T) {
	xs := []float64{math.Inf(-1), -1e300, -1e40, -1e39, -12345, -1000, -999.999, -1, -0.5, -1e-41, 0,
		1e-300, 1e-41, 1e-40, 0.001, 0.0099999, 0.01, 0.25, 0.999, 1, 9.99999, 10, 99, 100, 1000,
		2e6, 2.5e6, 9.999e6, 1e7, 1e39, 1e40, 1e300, math.Inf(1)}
	for i := 1; i < len(xs); i++ {
		if a, b := magnitude(xs[i-1]), magnitude(xs[i]); a > b {
			t.Errorf("magnitude(%g) = %d > magnitude(%g) = %d", xs[i-1], a, xs[i], b)
		}
	}
	for _, tc := range []struct {
		a, b float64
		same bool
	}{
		{1000, 9999.99, true}, {999.999, 1000, false}, {0.01, 0.0999, true}, {0.0099999, 0.01, false},
		{-1000, -9999, true}, {-999, -1000, false}, {1e40, 1e300, true}, {1e-41, 1e-300, true},
	} {
		if got := magnitude(tc.a) == magnitude(tc.b); got != tc.same {
			t.Errorf("magnitude(%g) == magnitude(%g): %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
	if magnitude(0) != 0 || magnitude(math.NaN()) != 0 || magnitude(-5) >= 0 || magnitude(5) <= 0 {
		t.Error("zero, NaN and signs")
	}
	if magTerm(-magMax) >= magTerm(0) || magTerm(0) >= magTerm(magMax) || len(magTerm(-magMax)) != len(magTerm(magMax)) {
		t.Error("magnitude terms out of order or of uneven width")
	}
}
