package index

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Facets count, over every matching article, the names of each entity
// facet and the articles per published month. bleve's terms facets cost
// a string-keyed map update per name per hit on five fields (80-200 ms
// on queries matching 10-20% of 100,000 articles). Here the writer gives
// each facet value a dense ordinal, and each article carries one
// doc-values field, FieldFacet, of short terms: the facet's letter and
// the ordinal in base 36 ("p1a"). Hits are counted into slices while the
// query runs, and only the values that make a top list are read back
// from the index metadata:
//
//	facet/ord/<letter><ordinal>  -> value
//	facet/val/<letter><value>    -> ordinal
//	facet/next/<letter>          -> the next ordinal to give

// facetLetters names the facets by the letter their terms start with.
var facetLetters = map[byte]string{'p': "person", 'o': "org", 'l': "place", 'n': "norp", 'm': "month"}

// facetFields gives the entity fields each entity facet counts the names
// of: places are GPEs and LOCs.
var facetFields = map[byte][]string{'p': {FieldPerson}, 'o': {FieldOrg}, 'l': {FieldGPE, FieldLoc}, 'n': {FieldNORP}}

const (
	keyFacetOrd  = "facet/ord/"
	keyFacetVal  = "facet/val/"
	keyFacetNext = "facet/next/"
)

// facetDict is the writer's copy of the ordinals given so far, loaded at
// its first write.
type facetDict struct {
	ord  map[string]uint64 // letter+value -> ordinal
	next map[byte]uint64
}

func (ix *Index) loadFacetDict() error {
	d := &facetDict{ord: map[string]uint64{}, next: map[byte]uint64{}}
	if ix.meta != nil {
		err := ix.meta.scan(keyFacetVal, func(k string, v []byte) error {
			n, err := strconv.ParseUint(string(v), 36, 64)
			if err != nil {
				return fmt.Errorf("facet ordinal %q of %q: %w", v, k, err)
			}
			d.ord[k[len(keyFacetVal):]] = n
			return nil
		})
		if err == nil {
			err = ix.meta.scan(keyFacetNext, func(k string, v []byte) error {
				n, _ := strconv.ParseUint(string(v), 36, 64)
				d.next[k[len(keyFacetNext)]] = n
				return nil
			})
		}
		if err != nil {
			return fmt.Errorf("%s: reading facet ordinals: %w", ix.path, err)
		}
	}
	ix.facets = d
	return nil
}

// term gives the facet term of a value, giving it an ordinal when it has
// none; the metadata to record it goes into set, written with the batch.
// A batch that fails leaves ordinals in memory that the metadata lacks,
// so the writer reloads the dictionary after a failed batch.
func (d *facetDict) term(letter byte, value string, set map[string][]byte) string {
	key := string(letter) + value
	n, ok := d.ord[key]
	if !ok {
		n = d.next[letter]
		d.next[letter] = n + 1
		d.ord[key] = n
		o := strconv.FormatUint(n, 36)
		set[keyFacetOrd+string(letter)+o] = []byte(value)
		set[keyFacetVal+key] = []byte(o)
		set[keyFacetNext+string(letter)] = []byte(strconv.FormatUint(n+1, 36))
	}
	return string(letter) + strconv.FormatUint(n, 36)
}

// facetCounts are the counts of one search by facet letter (less 'a')
// and ordinal: an array, since a map lookup per term was a fifth of the
// counting.
type facetCounts [26][]int32

func newFacetCounts() *facetCounts { return &facetCounts{} }

func (c *facetCounts) add(term []byte) {
	if len(term) < 2 || term[0] < 'a' || term[0] > 'z' {
		return
	}
	counts := c[term[0]-'a']
	n := 0
	for _, d := range term[1:] {
		switch {
		case d >= '0' && d <= '9':
			n = n*36 + int(d-'0')
		case d >= 'a' && d <= 'z':
			n = n*36 + int(d-'a'+10)
		default:
			return
		}
	}
	if n >= len(counts) {
		counts = append(counts, make([]int32, n+1-len(counts)+len(counts)/2)...)
		c[term[0]-'a'] = counts
	}
	counts[n]++
}

// countingQuery runs a query and counts the facets of every document it
// matches, as the collector takes them.
type countingQuery struct {
	query.Query
	counts *facetCounts
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

// facetLists turns counts into the top size values per entity facet (by
// count, then value) and every month in calendar order.
func (ix *Index) facetLists(c *facetCounts, size int) (map[string][]FacetCount, error) {
	out := map[string][]FacetCount{}
	for letter, name := range facetLetters {
		type oc struct{ ord, n int }
		var all []oc
		for ord, n := range c[letter-'a'] {
			if n > 0 {
				all = append(all, oc{ord, int(n)})
			}
		}
		keep := len(all)
		if letter != 'm' && keep > size {
			// Values are needed for the top size and for every one tied
			// with the last of them, since ties are broken by value.
			sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n })
			keep = size
			for keep < len(all) && all[keep].n == all[size-1].n {
				keep++
			}
		}
		list := make([]FacetCount, 0, keep)
		for _, e := range all[:keep] {
			v, err := ix.Meta(keyFacetOrd + string(letter) + strconv.FormatUint(uint64(e.ord), 36))
			if err != nil {
				return nil, err
			}
			if v == nil {
				return nil, fmt.Errorf("%s: facet %c%d has no value in the index metadata", ix.path, letter, e.ord)
			}
			list = append(list, FacetCount{string(v), e.n})
		}
		sort.Slice(list, func(i, j int) bool {
			if letter != 'm' && list[i].Count != list[j].Count {
				return list[i].Count > list[j].Count
			}
			return list[i].Term < list[j].Term
		})
		if letter != 'm' && len(list) > size {
			list = list[:size]
		}
		out[name] = list
	}
	return out, nil
}
