package index

import (
	"context"
	"fmt"
	"math"
	"sort"
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

// Figure filters find their candidates through FieldQtyMag, which holds
// for each figure the decimal magnitudes its values span: one keyword
// term for most figures ("5,000 to 7,000"), two for some ("10 to 50").
// A numeric field would index sixteen terms for each bound, a quarter of
// the cost of indexing an article. Magnitudes are ordered: 0 is zero,
// 1 to magMax the positive decades from 1e-40 up, their negatives the
// negative numbers; the terms are fixed-width so that their order is
// the magnitudes', and a range of them is a term range.
const (
	magSpan = 40          // decades -40 to 39 are told apart
	magMax  = 2 * magSpan // the largest magnitude
)

// magPowers holds 1e-40 to 1e39, as parsed: exact decade boundaries.
var magPowers = func() []float64 {
	p := make([]float64, magMax)
	for i := range p {
		p[i], _ = strconv.ParseFloat("1e"+strconv.Itoa(i-magSpan), 64)
	}
	return p
}()

// magnitude is x's place in the order of magnitudes; it never decreases
// as x grows.
func magnitude(x float64) int {
	a := math.Abs(x)
	if a == 0 || math.IsNaN(x) {
		return 0
	}
	// k counts the powers of ten up to a: decade k-1-magSpan, clamped
	// to the first below 1e-40.
	k := max(sort.SearchFloat64s(magPowers, math.Nextafter(a, math.Inf(1))), 1)
	if x < 0 {
		return -k
	}
	return k
}

func magTerm(k int) string { return fmt.Sprintf("%03d", k+magMax) }

// magTerms are the magnitude terms of a figure: every one from its
// smallest value's to its largest's.
func (f figure) magTerms() []string {
	lo, hi := magnitude(f.min), magnitude(f.max)
	if lo > hi {
		lo, hi = hi, lo
	}
	out := make([]string, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		out = append(out, magTerm(k))
	}
	return out
}

// Searcher finds candidates with one article-level field: the unit when
// one is set, which is exact when it is the only condition, else the
// magnitudes from Min's up (or up to Max's). A candidate's figures are
// read from doc values, and one of them must meet every condition, so
// that "--figure-min 10 --unit percent" does not match an article with
// 5 percent and 10,000 people, and a figure of 2 million does not pass
// "--figure-min 2.5e6" for sharing its decade. With Min or Max alone,
// only the articles in the boundary magnitude need that reading: every
// figure of a higher magnitude exceeds Min.
func (f figureFilter) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	yes, no := true, false
	magRange := func(lo, hi string, loIn, hiIn bool) query.Query {
		q := bleve.NewTermRangeInclusiveQuery(lo, hi, &loIn, &hiIn)
		q.SetField(FieldQtyMag)
		return q
	}
	var candidates, exact query.Query
	switch {
	case f.Unit != "":
		candidates = termQuery(FieldUnit, f.Unit)
		if f.Min == nil && f.Max == nil {
			return candidates.Searcher(ctx, r, m, opts)
		}
	case f.Min != nil && f.Max != nil:
		candidates = magRange(magTerm(magnitude(*f.Min)), magTerm(magMax), yes, yes)
	case f.Min != nil:
		k := magTerm(magnitude(*f.Min))
		candidates = termQuery(FieldQtyMag, k)
		exact = magRange(k, magTerm(magMax), no, yes)
	case f.Max != nil:
		k := magTerm(magnitude(*f.Max))
		candidates = termQuery(FieldQtyMag, k)
		exact = magRange(magTerm(-magMax), k, yes, no)
	default:
		return searcher.NewMatchAllSearcher(ctx, r, 1, opts)
	}
	s, err := candidates.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	checked, err := f.check(ctx, r, s)
	if err != nil {
		return nil, err
	}
	if exact == nil {
		return checked, nil
	}
	es, err := exact.Searcher(ctx, r, m, opts)
	if err != nil {
		checked.Close()
		return nil, err
	}
	return searcher.NewDisjunctionSearcher(ctx, r, []search.Searcher{es, checked}, 1, opts)
}

// check keeps the matches of s with a figure that meets every condition
// of f, read from doc values.
func (f figureFilter) check(ctx context.Context, r bindex.IndexReader, s search.Searcher) (search.Searcher, error) {
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

// figureCheck runs a query and keeps its matches that pass a figure
// filter, judged from doc values alone.
type figureCheck struct {
	query.Query
	f figureFilter
}

func (q *figureCheck) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return q.f.check(ctx, r, s)
}
