package index

import (
	"context"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/ingest-news/ingest/extract"
)

// A figure is one quantity of an article as search sees it: its
// smallest and largest stated values and its unit. An open bound takes
// the other's value: "more than 300" states 300 only.
type figure struct {
	min, max float64
	unit     string
}

// figureOf reads a quantity as a figure; a quantity with no bound at all
// is none.
func figureOf(q extract.Quantity) (figure, bool) {
	lo, hi := q.Low, q.High
	if lo == nil {
		lo = hi
	}
	if hi == nil {
		hi = lo
	}
	if lo == nil {
		return figure{}, false
	}
	return figure{min: *lo, max: *hi, unit: strings.ToLower(q.Unit)}, true
}

// term is the figure as the Figure field keeps it, "min|max|unit", read
// back from doc values when a filter must judge each figure as a whole.
func (f figure) term() string {
	return strconv.FormatFloat(f.min, 'g', -1, 64) + "|" + strconv.FormatFloat(f.max, 'g', -1, 64) + "|" + f.unit
}

func parseFigure(term []byte) (figure, bool) {
	s := string(term)
	i := strings.IndexByte(s, '|')
	if i < 0 {
		return figure{}, false
	}
	j := strings.IndexByte(s[i+1:], '|')
	if j < 0 {
		return figure{}, false
	}
	j += i + 1
	lo, err1 := strconv.ParseFloat(s[:i], 64)
	hi, err2 := strconv.ParseFloat(s[i+1:j], 64)
	if err1 != nil || err2 != nil {
		return figure{}, false
	}
	return figure{min: lo, max: hi, unit: s[j+1:]}, true
}

// figureFilter keeps the articles with one figure that satisfies every
// condition set: largest value at least Min, smallest at most Max, unit
// Unit (lower case).
type figureFilter struct {
	Min, Max *float64
	Unit     string
}

func (f figureFilter) matches(g figure) bool {
	return (f.Min == nil || g.max >= *f.Min) &&
		(f.Max == nil || g.min <= *f.Max) &&
		(f.Unit == "" || g.unit == f.Unit)
}

// Searcher finds candidates with one article-level field, the most
// selective one set (the unit, else some figure reaching Min, else some
// figure reaching down to Max), which is exact when one condition is
// set. With more, each candidate's figures are read from doc values and
// one of them must meet every condition, so that "--figure-min 10 --unit
// percent" does not match an article with 5 percent and 10,000 people.
// Reading a few figures per candidate costs less than intersecting two
// numeric ranges, each a disjunction of many terms.
func (f figureFilter) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	conditions := 0
	for _, set := range []bool{f.Min != nil, f.Max != nil, f.Unit != ""} {
		if set {
			conditions++
		}
	}
	incl := true
	var candidates query.Query
	switch {
	case f.Unit != "":
		candidates = termQuery(FieldUnit, f.Unit)
	case f.Min != nil:
		q := bleve.NewNumericRangeInclusiveQuery(f.Min, nil, &incl, nil)
		q.SetField(FieldQtyHigh)
		candidates = q
	case f.Max != nil:
		q := bleve.NewNumericRangeInclusiveQuery(nil, f.Max, nil, &incl)
		q.SetField(FieldQtyLow)
		candidates = q
	default:
		return searcher.NewMatchAllSearcher(ctx, r, 1, opts)
	}
	s, err := candidates.Searcher(ctx, r, m, opts)
	if err != nil || conditions == 1 {
		return s, err
	}
	dv, err := r.DocValueReader([]string{FieldFigure})
	if err != nil {
		s.Close()
		return nil, err
	}
	var found bool
	visit := func(_ string, term []byte) {
		if !found {
			g, ok := parseFigure(term)
			found = ok && f.matches(g)
		}
	}
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		found = false
		return dv.VisitDocValues(d.IndexInternalID, visit) == nil && found
	}), nil
}
