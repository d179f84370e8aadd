package dedup

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/ingest-news/ingest/internal/corpus"
	"github.com/ingest-news/ingest/internal/golden"
)

// BenchmarkIndex adds generated corpora of 10k and 100k articles (BBC
// paragraphs recombined, a fifth of them perturbed copies) to a fresh
// Index over an in-memory store, and reports time and persisted state
// per article and the pairwise agreement with the generator's truth.
// Linear growth shows as a steady ns/article across sizes.
//
//	go test ./dedup -run '^$' -bench Index -benchtime 1x
func BenchmarkIndex(b *testing.B) {
	base, err := corpus.BBC(filepath.Join(golden.Root(), "..", "shared", "data", "bbc-news", "bbc"))
	if err != nil {
		b.Skipf("BBC corpus absent: %v", err)
	}
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			arts := make([]corpus.Article, 0, n)
			bytes := 0
			corpus.Generate(base, n, corpus.Options{Seed: 1}, func(_ int, a corpus.Article) bool {
				arts = append(arts, a)
				bytes += len(a.Text)
				return true
			})
			b.SetBytes(int64(bytes))
			b.ResetTimer()
			var st *memStore
			var x *Index
			for range b.N {
				st = &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
				x = New(st, Options{})
				for i, a := range arts {
					id := fmt.Sprint(i)
					v, err := x.Add(Article{ID: id, Text: a.Text})
					if err != nil {
						b.Fatal(err)
					}
					st.persist(x, id, a.Text, v)
				}
			}
			b.StopTimer()
			state := 0
			for k, v := range st.meta {
				state += len(k) + len(v)
			}
			// Agreement with the generator: a copy should share its
			// source's cluster; two distinct articles never should.
			tp, fp, fn := 0, 0, 0
			distinctIn := map[string]int{}
			for i, a := range arts {
				c, _ := x.CanonicalOf(fmt.Sprint(i))
				if a.DupOf >= 0 {
					src, _ := x.CanonicalOf(fmt.Sprint(a.DupOf))
					if src == c {
						tp++
					} else {
						fn++
					}
				} else {
					if distinctIn[c] > 0 {
						fp++
					}
					distinctIn[c]++
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
			b.ReportMetric(float64(state)/float64(n), "state-B/article")
			b.ReportMetric(float64(tp)/float64(tp+fn), "recall")
			b.ReportMetric(float64(fp), "false-merges")
			// Bucket lists stop growing at MaxBucket IDs, so the work per
			// article is bounded however large the index grows.
			b.ReportMetric(float64(x.work.candidates)/float64(n), "candidates/article")
			b.ReportMetric(float64(x.work.verified)/float64(n), "verified/article")
		})
	}
}

// benchSizes are the corpus sizes BenchmarkIndex runs.
var benchSizes = []int{2_000, 10_000, 30_000, 100_000}
