package index

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

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
	Total uint64 `json:"total"`
	Hits  []Hit  `json:"hits"`
}

// Search runs a query. Ties in score are broken by ID so that the order
// is the same on every run.
func (ix *Index) Search(q Query) (Results, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	text := query.Query(bleve.NewMatchAllQuery())
	if q.Text != "" {
		text = bleve.NewQueryStringQuery(quoteCompounds(q.Text))
	}
	must := []query.Query{text, kindQuery(KindArticle)}
	if !q.All {
		must = append(must, boolQuery(FieldDuplicate, false))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), q.Limit, q.Offset, false)
	req.Fields = []string{FieldSource, FieldTitle, FieldPublished, FieldDupOf}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.AddField(FieldTitle)
	req.Highlight.AddField(FieldText)
	if q.ByDate {
		req.SortBy([]string{"-" + FieldPublished, "-_score", "_id"})
	} else {
		req.SortBy([]string{"-_score", "_id"})
	}
	res, err := ix.b.Search(req)
	if err != nil {
		return Results{}, fmt.Errorf("search %q: %w", q.Text, err)
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
