package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/cespare/xxhash/v2"
)

// Facets count, over every matching article, the names of each entity
// facet and the articles per published month. bleve's terms facets cost
// a string-keyed map update per name per hit on five fields (80-200 ms
// on queries matching 10-20% of 100,000 articles); here each article
// carries one doc-values field, FieldFacet, of short terms: a facet
// letter and a hash of the name ("p" + 16 hex digits), or "m" and the
// month. Hits are counted by integer key while the query runs, and only
// the names that make a top list are read back, from the index metadata
// ("facet/<term>" -> name).

// facetLetters names the facets by the letter their terms start with.
var facetLetters = map[byte]string{'p': "person", 'o': "org", 'l': "place", 'n': "norp", 'm': "month"}

// facetKey is the metadata key of a facet term's name.
func facetKey(term string) string { return "facet/" + term }

// nameFacet is the facet term of a name.
func nameFacet(letter byte, name string) string {
	return fmt.Sprintf("%c%016x", letter, xxhash.Sum64String(name))
}

// monthFacet is the facet term of a published month, "YYYY-MM".
func monthFacet(month string) string { return "m" + month }

// facetCounts are the counts of one search, keyed by facet letter, then
// by the hash (entity facets) or year*12+month (months).
type facetCounts map[byte]map[uint64]int

func (c facetCounts) add(term []byte) {
	if len(term) < 2 {
		return
	}
	m := c[term[0]]
	if m == nil {
		return
	}
	var k uint64
	if term[0] == 'm' {
		// "mYYYY-MM"
		if len(term) != 8 {
			return
		}
		y, m1 := 0, 0
		for _, d := range term[1:5] {
			y = y*10 + int(d-'0')
		}
		m1 = int(term[6]-'0')*10 + int(term[7]-'0')
		k = uint64(y*12 + m1 - 1)
	} else {
		for _, d := range term[1:] {
			switch {
			case d >= '0' && d <= '9':
				k = k<<4 | uint64(d-'0')
			case d >= 'a' && d <= 'f':
				k = k<<4 | uint64(d-'a'+10)
			default:
				return
			}
		}
	}
	m[k]++
}

func newFacetCounts() facetCounts {
	c := facetCounts{}
	for l := range facetLetters {
		c[l] = map[uint64]int{}
	}
	return c
}

// countingQuery runs a query and counts the facets of every document it
// matches, as the collector takes them.
type countingQuery struct {
	query.Query
	counts facetCounts
}

func (q *countingQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	dv, err := r.DocValueReader([]string{FieldFacet})
	if err != nil {
		s.Close()
		return nil, err
	}
	visit := func(_ string, term []byte) { q.counts.add(term) }
	return searcher.NewFilteringSearcher(ctx, s, func(_ *search.SearchContext, d *search.DocumentMatch) bool {
		dv.VisitDocValues(d.IndexInternalID, visit)
		return true
	}), nil
}

// facetLists turns counts into the top size names per entity facet (by
// count, then name) and every month in calendar order.
func (ix *Index) facetLists(c facetCounts, size int) (map[string][]FacetCount, error) {
	out := map[string][]FacetCount{}
	for letter, name := range facetLetters {
		counts := c[letter]
		list := []FacetCount{}
		if letter == 'm' {
			for k, n := range counts {
				list = append(list, FacetCount{fmt.Sprintf("%04d-%02d", k/12, k%12+1), n})
			}
			sort.Slice(list, func(i, j int) bool { return list[i].Term < list[j].Term })
			out[name] = list
			continue
		}
		type kc struct {
			k uint64
			n int
		}
		all := make([]kc, 0, len(counts))
		for k, n := range counts {
			all = append(all, kc{k, n})
		}
		sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n || all[i].n == all[j].n && all[i].k < all[j].k })
		// Names are needed for the top size and for every name tied with
		// the last of them, since ties are broken by name.
		keep := len(all)
		if keep > size {
			keep = size
			for keep < len(all) && all[keep].n == all[size-1].n {
				keep++
			}
		}
		for _, e := range all[:keep] {
			term := fmt.Sprintf("%c%016x", letter, e.k)
			v, err := ix.Meta(facetKey(term))
			if err != nil {
				return nil, err
			}
			if v == nil {
				return nil, fmt.Errorf("%s: facet %s has no name in the index metadata", ix.path, term)
			}
			list = append(list, FacetCount{string(v), e.n})
		}
		sort.SliceStable(list, func(i, j int) bool {
			if list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Term < list[j].Term
		})
		if len(list) > size {
			list = list[:size]
		}
		out[name] = list
	}
	return out, nil
}
