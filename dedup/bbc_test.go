package dedup

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/internal/golden"
	"github.com/ingest-news/ingest/reader"
)

// labelled is one hand-labelled BBC pair of testdata/dedup/bbc-pairs.tsv.
type labelled struct {
	a, b, label string
}

// duplicate reports whether the label says the pair is one report.
func (l labelled) duplicate() bool {
	return l.label == "copy" || l.label == "edited" || l.label == "expanded"
}

func loadPairs(t *testing.T) []labelled {
	f, err := os.Open(filepath.Join(golden.Root(), "testdata", "dedup", "bbc-pairs.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			continue
		}
		if len(cols) < 3 {
			t.Fatalf("bbc-pairs.tsv:%d: want a, b, label", line)
		}
		switch cols[2] {
		case "copy", "edited", "expanded", "same-story", "distinct":
		default:
			t.Fatalf("bbc-pairs.tsv:%d: unknown label %q", line, cols[2])
		}
		out = append(out, labelled{cols[0], cols[1], cols[2]})
	}
	return out
}

// bbcCorpus reads every BBC article, keyed by its path under bbc/, in
// lexical order; it skips the test when the corpus is absent.
func bbcCorpus(t testing.TB) ([]string, map[string]string) {
	dir := filepath.Join(golden.Root(), "..", "shared", "data", "bbc-news", "bbc")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("BBC corpus absent (%s): dedup accuracy not measured", dir)
	}
	texts := map[string]string{}
	var names []string
	err := reader.Walk([]string{dir}, func(f reader.File, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, f.Path)
		if !strings.Contains(rel, "/") {
			return nil // README.TXT beside the categories
		}
		reader.ReadFile(f, reader.Options{}, func(a reader.Article, err error) {
			if err == nil {
				texts[rel] = reader.Normalize(a).Text
				names = append(names, rel)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names, texts
}

// pairScores counts, per label, the pairs judged duplicates.
func pairScores(pairs []labelled, same func(a, b string) bool) (tp, fp, fn int, byLabel map[string][2]int) {
	byLabel = map[string][2]int{}
	for _, p := range pairs {
		dup := same(p.a, p.b)
		c := byLabel[p.label]
		c[1]++
		if dup {
			c[0]++
		}
		byLabel[p.label] = c
		switch {
		case dup && p.duplicate():
			tp++
		case dup:
			fp++
		case p.duplicate():
			fn++
		}
	}
	return
}

// TestBBCPairs measures duplicate detection on the hand-labelled BBC
// pairs: first the verification alone across thresholds, then the whole
// Index (LSH candidates, verification, clusters) at the default
// threshold, ingesting all 2,225 articles in path order.
func TestBBCPairs(t *testing.T) {
	pairs := loadPairs(t)
	names, texts := bbcCorpus(t)
	x := New(nil, Options{})
	sh := map[string]shingleSet{}
	get := func(n string) shingleSet {
		if s, ok := sh[n]; ok {
			return s
		}
		s := shingles(words(texts[n]), x.opts.Shingle)
		sh[n] = s
		return s
	}
	for _, th := range []float64{0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9} {
		tp, fp, fn, _ := pairScores(pairs, func(a, b string) bool { return x.score(get(a), get(b)) >= th })
		t.Logf("verification at %.1f: precision %.3f recall %.3f (tp %d fp %d fn %d)", th,
			float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn), tp, fp, fn)
	}

	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	idx := New(st, Options{})
	for _, n := range names {
		v, err := idx.Add(Article{ID: n, Text: texts[n]})
		if err != nil {
			t.Fatal(err)
		}
		st.persist(idx, n, texts[n], v)
	}
	canon := func(n string) string {
		c, err := idx.CanonicalOf(n)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	tp, fp, fn, byLabel := pairScores(pairs, func(a, b string) bool { return canon(a) == canon(b) })
	p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	var lines []string
	for _, l := range []string{"copy", "edited", "expanded", "same-story", "distinct"} {
		lines = append(lines, fmt.Sprintf("%s %d/%d merged", l, byLabel[l][0], byLabel[l][1]))
	}
	t.Logf("index at threshold %.2f over %d articles: precision %.3f recall %.3f (tp %d fp %d fn %d); %s",
		idx.opts.Threshold, len(names), p, r, tp, fp, fn, strings.Join(lines, ", "))
	// Copies and edited copies are the target: precision >= 0.98
	// and recall >= 0.95 on them, and same-story reports never merged.
	var core []labelled
	for _, l := range pairs {
		if l.label != "expanded" {
			core = append(core, l)
		}
	}
	tp, fp, fn, _ = pairScores(core, func(a, b string) bool { return canon(a) == canon(b) })
	p, r = float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	t.Logf("copies and edited copies: precision %.3f recall %.3f", p, r)
	if p < 0.98 || r < 0.95 {
		t.Errorf("copies and edited copies: precision %.3f recall %.3f, want >= 0.98 and >= 0.95", p, r)
	}
	if byLabel["same-story"][0] > 0 {
		t.Errorf("%d same-story pairs merged", byLabel["same-story"][0])
	}
}
