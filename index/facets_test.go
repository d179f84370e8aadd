package index

import (
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/ingest-news/ingest/extract"
)

// Facet counts over every match equal a count made by hand, top lists
// break ties by name, and months come in full and in order.
func TestFacetsCountEveryMatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	people := []string{"Andrey Belousov", "Sergei Lavrov", "Sergei Shoigu", "Anna Evstigneeva", "Zabihullah Mujahid"}
	orgs := []string{"Taliban", "Collective Security Treaty Organization", "Tehrik-e-Taliban Pakistan"}
	places := []string{"Afghanistan", "Tajikistan", "Central Asia"}
	var arts []Article
	want := map[string]map[string]int{"person": {}, "org": {}, "place": {}, "norp": {}, "month": {}}
	for i := 0; i < 120; i++ {
		word := "border"
		if i%3 == 0 {
			word = "economy"
		}
		var ents []extract.Entity
		add := func(typ, name string) {
			ents = append(ents, extract.Entity{Text: name, Type: typ, Canonical: name})
		}
		seen := map[string]bool{}
		count := func(facet, name string) {
			if word == "border" && !seen[facet+name] {
				want[facet][name]++
				seen[facet+name] = true
			}
		}
		for k, p := range people {
			if i%(k+2) == 0 {
				add(extract.Person, p)
				count("person", p)
			}
		}
		o := orgs[i%len(orgs)]
		add(extract.Org, o)
		count("org", o)
		for k, p := range places {
			if (i+k)%2 == 0 {
				typ := extract.GPE
				if p == "Central Asia" {
					typ = extract.Loc
				}
				add(typ, p)
				count("place", p)
			}
		}
		add(extract.NORP, "Russian")
		count("norp", "Russian")
		month := fmt.Sprintf("2025-%02d", 1+i%7)
		count("month", month)
		arts = append(arts, Article{ID: fmt.Sprintf("a%03d", i), Source: fmt.Sprintf("a%03d.txt", i),
			Text: "report on the " + word, Published: month + "-15", Extraction: extract.Result{Entities: ents}})
	}
	// Three batches, the last after reopening: values given ordinals
	// before keep them.
	for _, part := range [][]Article{arts[:40], arts[40:80]} {
		ix, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply(Batch{Put: part[:20]}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply(Batch{Put: part[20:]}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(Batch{Put: arts[80:]}); err != nil {
		t.Fatal(err)
	}
	const size = 3
	res, err := ix.Search(Query{Text: "border", Facets: size})
	if err != nil {
		t.Fatal(err)
	}
	for facet, counts := range want {
		var list []FacetCount
		for name, n := range counts {
			list = append(list, FacetCount{name, n})
		}
		sort.Slice(list, func(i, j int) bool {
			if facet == "month" {
				return list[i].Term < list[j].Term
			}
			return list[i].Count > list[j].Count || list[i].Count == list[j].Count && list[i].Term < list[j].Term
		})
		if facet != "month" && len(list) > size {
			list = list[:size]
		}
		if got := res.Facets[facet]; !reflect.DeepEqual(got, list) {
			t.Errorf("facet %s: got %v, want %v", facet, got, list)
		}
	}
	if res.Total != 80 {
		t.Errorf("total %d, want 80", res.Total)
	}
}
