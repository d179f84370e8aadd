package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/index"
	"github.com/ingest-news/ingest/internal/corpus"
	"github.com/ingest-news/ingest/internal/golden"
	"github.com/ingest-news/ingest/pipeline"
)

// The search benchmarks run over an index of 100,000 generated articles
// (BBC paragraphs recombined, a fifth of them perturbed copies, published
// dates spread over 2004-2005), built once by the full pipeline and kept
// outside the repository, in $INGEST_BENCH_CACHE or the user cache
// directory. Building it takes a while; later runs reuse it.
//
//	go test ./index -run '^$' -bench Search -benchtime 1x
const searchBenchArticles = 100_000

func benchIndex(b *testing.B) string {
	b.Helper()
	base, err := corpus.BBC(filepath.Join(golden.Root(), "..", "shared", "data", "bbc-news", "bbc"))
	if err != nil {
		b.Skipf("BBC corpus absent: %v", err)
	}
	dir := os.Getenv("INGEST_BENCH_CACHE")
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			b.Skip("no cache directory for the benchmark index:", err)
		}
		dir = filepath.Join(c, "ingest-bench")
	}
	path := filepath.Join(dir, fmt.Sprintf("search-%d.bleve", searchBenchArticles))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	b.Logf("building %s (once)", path)
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		day0 := time.Date(2004, 1, 1, 0, 0, 0, 0, time.UTC)
		var err error
		corpus.Generate(base, searchBenchArticles, corpus.Options{Seed: 7}, func(i int, a corpus.Article) bool {
			err = enc.Encode(map[string]string{
				"id":        strconv.Itoa(i),
				"source":    a.Source,
				"text":      a.Text,
				"published": day0.AddDate(0, 0, i%730).Format("2006-01-02"),
			})
			return err == nil
		})
		pw.CloseWithError(err)
	}()
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open(path, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	sum, err := pipeline.Run(context.Background(), []string{"-"}, ix, pipeline.Options{Extractor: x, Stdin: pr})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(path)
		b.Fatal(err)
	}
	b.Log(sum)
	return path
}

// benchQueries are 50 searches of the kinds analysts run: terms,
// phrases, entity filters, date and figure filters, facets.
func benchQueries() []index.Query {
	f := func(v float64) *float64 { return &v }
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	var qs []index.Query
	for _, t := range []string{"election", "economy", "football", "music", "internet", "oil prices", "minister", "film award", "mobile phones", "court"} {
		qs = append(qs, index.Query{Text: t})
	}
	for _, t := range []string{`"prime minister"`, `"world cup"`, `"interest rates"`, `"chief executive"`, `"general election"`, `"mobile phone"`, `"box office"`, `"stock market"`, `"human rights"`, `"video games"`} {
		qs = append(qs, index.Query{Text: t})
	}
	for _, t := range []string{`person:blair`, `org:labour`, `place:london`, `entity:EU`, `org:microsoft tax`, `person:"gordon brown" budget`, `place:china growth`, `org:chelsea`, `entity:US election`, `place:iraq`} {
		qs = append(qs, index.Query{Text: t, Canonical: extract.Canonical})
	}
	qs = append(qs,
		index.Query{Text: "election", Since: d("2005-01-01")},
		index.Query{Text: "economy", Since: d("2004-03-01"), Until: d("2004-06-30")},
		index.Query{Text: "government", EventSince: d("2005-01-01"), EventUntil: d("2005-12-31")},
		index.Query{Text: "sales", FigureMin: f(1e6)},
		index.Query{Text: "people", FigureMin: f(1000), Unit: "people"},
		index.Query{Text: "profits", FigureMin: f(10), FigureMax: f(50), Unit: "percent"},
		index.Query{Text: "shares", ByDate: true},
		index.Query{Text: "jobs", FigureMin: f(100), Since: d("2004-06-01")},
		index.Query{Text: `place:london`, Canonical: extract.Canonical, Since: d("2004-09-01"), Until: d("2004-12-31")},
		index.Query{Text: "film", Offset: 20},
	)
	for _, t := range []string{"election", "economy", "football", "music", "technology", `org:labour`, `place:london`, "oil", "court", "tax"} {
		qs = append(qs, index.Query{Text: t, Facets: 10, Canonical: extract.Canonical})
	}
	return qs
}

// BenchmarkSearchLatency runs the 50 queries in-process, round after
// round, and reports the median and 99th percentile of their latencies.
func BenchmarkSearchLatency(b *testing.B) {
	path := benchIndex(b)
	ix, err := index.Open(path, index.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs := benchQueries()
	for _, q := range qs { // warm the caches once, as a long-lived process would be
		if _, err := ix.Search(q); err != nil {
			b.Fatalf("%+v: %v", q, err)
		}
	}
	var lat []time.Duration
	per := make([][]time.Duration, len(qs))
	b.ResetTimer()
	for b.Loop() {
		for i, q := range qs {
			start := time.Now()
			if _, err := ix.Search(q); err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			lat = append(lat, d)
			per[i] = append(per[i], d)
		}
	}
	b.StopTimer()
	// The slowest queries by median, with -v: where the tail comes from.
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
		slices.Sort(per[i])
	}
	slices.SortFunc(order, func(a, c int) int { return int(per[c][len(per[c])/2] - per[a][len(per[a])/2]) })
	for _, i := range order[:5] {
		b.Logf("median %v, max %v: %s", per[i][len(per[i])/2].Round(100*time.Microsecond), per[i][len(per[i])-1].Round(100*time.Microsecond), describe(qs[i]))
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// describe gives a query's text and the options it sets.
func describe(q index.Query) string {
	s := fmt.Sprintf("%q", q.Text)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	if q.Facets > 0 {
		s += fmt.Sprintf(" facets %d", q.Facets)
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		s += " published " + day(q.Since) + ".." + day(q.Until)
	}
	if !q.EventSince.IsZero() || !q.EventUntil.IsZero() {
		s += " events " + day(q.EventSince) + ".." + day(q.EventUntil)
	}
	if q.FigureMin != nil {
		s += fmt.Sprintf(" figure>=%g", *q.FigureMin)
	}
	if q.FigureMax != nil {
		s += fmt.Sprintf(" figure<=%g", *q.FigureMax)
	}
	if q.Unit != "" {
		s += " unit " + q.Unit
	}
	if q.ByDate {
		s += " by date"
	}
	if q.Offset > 0 {
		s += fmt.Sprintf(" offset %d", q.Offset)
	}
	return s
}

// BenchmarkSearchColdCLI times the whole command a user types: process
// start, opening the index, one query, printing.
func BenchmarkSearchColdCLI(b *testing.B) {
	path := benchIndex(b)
	bin := filepath.Join(b.TempDir(), "ingest")
	build := exec.Command("go", "build", "-o", bin, "./cmd/ingest")
	build.Dir = golden.Root()
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building ingest: %v\n%s", err, out)
	}
	queries := [][]string{{"election"}, {`org:labour`}, {"--figure-min", "1000", "--unit", "people", "people"}, {"--facets", "economy"}}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		args := append([]string{"search", "--index", path}, queries[i%len(queries)]...)
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}
