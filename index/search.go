package index

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is a search: bleve query-string syntax over title and text, plus
// paging. The zero Limit means 10.
type Query struct {
	Text   string
	Limit  int
	Offset int
	// All includes duplicates as hits of their own; by default only
	// canonical articles are hits, each with its duplicate count.
	All bool
	// ByDate orders by published date, newest first, instead of score.
	ByDate bool
	// Since and Until bound the published date, EventSince and
	// EventUntil the dates the articles mention (inclusive; zero: open).
	Since, Until, EventSince, EventUntil time.Time
	// FigureMin keeps articles with a figure whose largest stated value
	// is at least FigureMin; FigureMax, whose smallest is at most
	// FigureMax; both apply to the same figure, as does Unit (the
	// counted noun, case-insensitive) when set.
	FigureMin, FigureMax *float64
	Unit                 string
	// Facets, when positive, asks for the top Facets names per entity
	// type and the count of articles per published month.
	Facets int
	// Canonical maps a name the user typed in an entity filter
	// (entity:, person:, org:, place:, gpe:, loc:, norp:) to its canonical
	// name; nil keeps it as typed. Matching is then case-insensitive.
	Canonical func(string) string
}

// Hit is one search result, as the contract's JSON prints it.
type Hit struct {
	ID         string   `json:"id"`
	Source     string   `json:"source"`
	Title      string   `json:"title"`
	Published  string   `json:"published"`
	Score      float64  `json:"score"`
	Fragments  []string `json:"fragments"`
	Duplicates int      `json:"duplicates"`
	DupOf      string   `json:"dup_of,omitempty"`
}

// Results are a page of hits and the total number of matches.
type Results struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
}

// FacetCount is one value of a facet and the number of matching articles
// that have it.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Search runs a query. Ties in score are broken by ID so that the order
// is the same on every run.
func (ix *Index) Search(q Query) (Results, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	text := query.Query(bleve.NewMatchAllQuery())
	if q.Text != "" {
		qs, em, en, err := ix.resolveEntities(quoteCompounds(q.Text), q.Canonical)
		if err != nil {
			return Results{}, err
		}
		if text, err = withClauses(qs, em, en); err != nil {
			return Results{}, fmt.Errorf("search %q: %w", q.Text, err)
		}
	}
	// Excluding the few failure records and the duplicates costs less
	// than requiring kind:article and duplicate:false, whose postings
	// list nearly every document.
	must := []query.Query{text}
	mustNot := []query.Query{kindQuery(KindFailure)}
	if !q.All {
		mustNot = append(mustNot, boolQuery(FieldDuplicate, true))
	}
	if r := dateRange(FieldPublished, q.Since, q.Until); r != nil {
		must = append(must, r)
	}
	if r := dateRange(FieldEventDate, q.EventSince, q.EventUntil); r != nil {
		must = append(must, r)
	}
	// A figure filter finds its own candidates through the unit, which
	// is selective, or when nothing else narrows the search; otherwise
	// it judges the matches of the rest, which costs a doc-values read
	// per match instead of a union of magnitude postings that list most
	// articles.
	fig := figureFilter{Min: q.FigureMin, Max: q.FigureMax, Unit: strings.ToLower(q.Unit)}
	hasFig := fig.Min != nil || fig.Max != nil || fig.Unit != ""
	postFig := hasFig && fig.Unit == "" && (q.Text != "" || len(must) > 1)
	if hasFig && !postFig {
		must = append(must, fig)
	}
	// Ties are broken by ID here, not by bleve: sorting on _id makes bleve
	// load the external ID of every matching document (a quarter of the
	// time of a search over 100k articles). A margin of extra hits lets
	// ties that straddle the page's end come out in ID order.
	margin := max(q.Limit, 10)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(must...)
	bq.AddMustNot(mustNot...)
	var top query.Query = bq
	if postFig {
		top = &figureCheck{Query: top, f: fig}
	}
	var counting *countingQuery
	if q.Facets > 0 {
		counting = &countingQuery{Query: top, counts: newFacetCounts()}
		top = counting
	}
	req := bleve.NewSearchRequestOptions(top, q.Offset+q.Limit+margin, 0, false)
	req.Fields = []string{FieldSource, FieldTitle, FieldPublished, FieldDupOf}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField(FieldTitle)
	req.Highlight.AddField(FieldText)
	if q.ByDate {
		req.SortBy([]string{"-" + FieldPublished, "-_score"})
	} else {
		req.SortBy([]string{"-_score"})
	}
	res, err := ix.b.Search(req)
	if err != nil {
		return Results{}, fmt.Errorf("search %q: %w", q.Text, err)
	}
	sort.SliceStable(res.Hits, func(i, j int) bool {
		a, b := res.Hits[i], res.Hits[j]
		if q.ByDate {
			pa, _ := a.Fields[FieldPublished].(string)
			pb, _ := b.Fields[FieldPublished].(string)
			if pa != pb {
				return pa > pb
			}
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.ID < b.ID
	})
	if len(res.Hits) > q.Offset {
		res.Hits = res.Hits[q.Offset:min(len(res.Hits), q.Offset+q.Limit)]
	} else {
		res.Hits = nil
	}
	out := Results{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		hit.Source, _ = h.Fields[FieldSource].(string)
		hit.Title, _ = h.Fields[FieldTitle].(string)
		hit.DupOf, _ = h.Fields[FieldDupOf].(string)
		if p, ok := h.Fields[FieldPublished].(string); ok {
			if t, err := time.Parse(time.RFC3339, p); err == nil {
				hit.Published = t.Format(time.DateOnly)
			}
		}
		hit.Fragments = fragments(h.Fragments[FieldTitle], h.Fragments[FieldText])
		out.Hits = append(out.Hits, hit)
		ids = append(ids, h.ID)
	}
	if counting != nil {
		if out.Facets, err = ix.facetLists(counting.counts, q.Facets); err != nil {
			return out, err
		}
	}
	counts, err := ix.duplicateCounts(ids)
	if err != nil {
		return out, err
	}
	for i := range out.Hits {
		out.Hits[i].Duplicates = counts[out.Hits[i].ID]
	}
	return out, nil
}

// duplicateCounts counts the duplicates of each of ids with one faceted
// query, so a page of hits costs two searches, not one per hit.
func (ix *Index) duplicateCounts(ids []string) (map[string]int, error) {
	counts := map[string]int{}
	if len(ids) == 0 {
		return counts, nil
	}
	sort.Strings(ids)
	var terms []query.Query
	for _, id := range ids {
		terms = append(terms, termQuery(FieldDupOf, id))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(terms...), 0, 0, false)
	req.AddFacet("dup_of", bleve.NewFacetRequest(FieldDupOf, len(ids)))
	res, err := ix.b.Search(req)
	if err != nil {
		return nil, err
	}
	if f := res.Facets["dup_of"]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			counts[t.Term] = t.Count
		}
	}
	return counts, nil
}

// compound is a bare hyphenated word such as Tehrik-e-Taliban or IS-KP.
var compound = regexp.MustCompile(`(^|[\s(])([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+)([\s)]|$)`)

// quoteCompounds makes each bare hyphenated word a phrase: the analyzer
// splits it into words, and without quotes the query-string parser would
// accept a document with any one of them ("Taliban" for
// "Tehrik-e-Taliban").
func quoteCompounds(s string) string {
	var b strings.Builder
	inQuote := false
	for i, part := range strings.Split(s, `"`) {
		if i > 0 {
			b.WriteByte('"')
			inQuote = !inQuote
		}
		if inQuote {
			b.WriteString(part)
			continue
		}
		// Run twice: adjacent compounds share the space between them.
		for range 2 {
			part = compound.ReplaceAllString(part, `$1"$2"$3`)
		}
		b.WriteString(part)
	}
	return b.String()
}

// fragments keeps the highlighted fragments that show a match: the
// title's, then the text's; an article matched only through other fields
// shows the start of its text.
func fragments(title, text []string) []string {
	out := []string{}
	for _, f := range append(append([]string{}, title...), text...) {
		if strings.Contains(f, "<mark>") {
			out = append(out, f)
		}
	}
	if len(out) == 0 && len(text) > 0 && text[0] != "" {
		out = append(out, text[0])
	}
	return out
}

// entityFilter is a field-qualified name in a query string.
var entityFilter = regexp.MustCompile(`(^|[\s(+\-])(entity|person|org|place|gpe|loc|norp):("[^"]*"|[^\s()"]+)`)

// resolveEntities rewrites each entity filter of a query string to a
// required clause on the canonical name as the index spells it, so that entity:"ISIS-K" finds
// the articles about the group whatever alias they used, and
// person:belousov the articles naming Andrey Belousov's canonical.
// Filters on a typed field stay in the query string. entity: and place:
// filters search several typed fields, a disjunction the query-string
// syntax cannot say: they are taken out of it, and returned as queries
// the articles must match (must) or must not (mustNot).
func (ix *Index) resolveEntities(qs string, canonical func(string) string) (out string, must, mustNot []query.Query, err error) {
	out = entityFilter.ReplaceAllStringFunc(qs, func(m string) string {
		sub := entityFilter.FindStringSubmatch(m)
		lead, field, val := sub[1], sub[2], strings.Trim(sub[3], `"`)
		if canonical != nil {
			val = canonical(val)
		}
		if fields, ok := unionFields[field]; ok {
			var alts []query.Query
			for _, f := range fields {
				term, ferr := ix.findTerm(f, val)
				if ferr != nil {
					err = ferr
				}
				alts = append(alts, termQuery(f, term))
			}
			q := bleve.NewDisjunctionQuery(alts...)
			if lead == "-" {
				mustNot = append(mustNot, q)
			} else {
				must = append(must, q)
			}
			if lead == "+" || lead == "-" {
				return ""
			}
			return lead
		}
		term, ferr := ix.findTerm(field, val)
		if ferr != nil {
			err = ferr
		}
		// A filter restricts: it is required unless the user said +/-.
		if lead != "+" && lead != "-" {
			lead += "+"
		}
		return lead + field + ":" + escapeTerm(term)
	})
	return out, must, mustNot, err
}

// withClauses adds must and mustNot to the query that query string qs
// says, as clauses of its own top level: a query string's other
// clauses become optional beside a required one, as they do beside a
// required term of the string itself.
func withClauses(qs string, must, mustNot []query.Query) (query.Query, error) {
	if len(must)+len(mustNot) == 0 {
		return bleve.NewQueryStringQuery(qs), nil
	}
	bq := query.NewBooleanQueryForQueryString(nil, nil, nil)
	if strings.TrimSpace(qs) != "" {
		parsed, err := bleve.NewQueryStringQuery(qs).Parse()
		if err != nil {
			return nil, err
		}
		if b, ok := parsed.(*query.BooleanQuery); ok {
			bq = b
		} else {
			bq.AddShould(parsed)
		}
	}
	bq.AddMust(must...)
	bq.AddMustNot(mustNot...)
	return bq, nil
}

// escapeTerm writes a keyword for the query-string parser as one
// unquoted term: a quoted one would be a phrase query, which on a
// keyword field checks term positions in every match (155 ms instead of
// 25 ms on 35,000 matches of 100,000 articles).
func escapeTerm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-=&|><!(){}[]^"~*?:\/`, r) || unicode.IsSpace(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// findTerm returns the indexed term of field equal to val; else equal
// ignoring case; else the one term whose last words are val (a surname:
// "belousov" for "Andrey Belousov"); else val itself. The first two look
// only at the terms that start with val's first letter, in either case;
// only the surname search reads the field's whole dictionary.
func (ix *Index) findTerm(field, val string) (string, error) {
	if val == "" {
		return val, nil
	}
	first, _ := utf8.DecodeRuneInString(val)
	prefixes := []string{string(unicode.ToUpper(first)), string(unicode.ToLower(first))}
	if prefixes[0] == prefixes[1] {
		prefixes = prefixes[:1]
	}
	var folded string
	for _, p := range prefixes {
		err := ix.eachTerm(field, p, func(term string) bool {
			if term == val {
				folded = term
				return false
			}
			if folded == "" && strings.EqualFold(term, val) {
				folded = term
			}
			return true
		})
		if err != nil {
			return val, err
		}
		if folded == val {
			return val, nil
		}
	}
	if folded != "" {
		return folded, nil
	}
	var tails []string
	suffix := " " + strings.ToLower(val)
	err := ix.eachTerm(field, "", func(term string) bool {
		if strings.HasSuffix(strings.ToLower(term), suffix) {
			tails = append(tails, term)
		}
		return true
	})
	if err != nil {
		return val, err
	}
	if len(tails) == 1 {
		return tails[0], nil
	}
	return val, nil
}

// eachTerm calls fn for the terms of field with the prefix, in order,
// until fn returns false.
func (ix *Index) eachTerm(field, prefix string, fn func(string) bool) error {
	dict, err := ix.b.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return err
	}
	defer dict.Close()
	for {
		e, err := dict.Next()
		if err != nil || e == nil {
			return err
		}
		if !fn(e.Term) {
			return nil
		}
	}
}

func dateRange(field string, since, until time.Time) query.Query {
	if since.IsZero() && until.IsZero() {
		return nil
	}
	var end time.Time
	if !until.IsZero() {
		end = until.AddDate(0, 0, 1) // inclusive of the whole day
	}
	incl, excl := true, false
	r := bleve.NewDateRangeInclusiveQuery(since, end, &incl, &excl)
	r.SetField(field)
	return r
}
