package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ingest-news/ingest/dedup"
	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/index"
	_ "github.com/ingest-news/ingest/internal/golden"
	"github.com/ingest-news/ingest/reader"
)

// memSink is an in-memory Sink that records what was applied.
type memSink struct {
	mu       sync.Mutex
	meta     map[string][]byte
	docs     map[string]index.Article
	failures map[string]index.Failure
	batches  int
	failAt   int // Apply fails on this batch number (1-based), 0 never
}

func newMemSink() *memSink {
	return &memSink{meta: map[string][]byte{}, docs: map[string]index.Article{}, failures: map[string]index.Failure{}}
}

func (s *memSink) Apply(b index.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.batches++
	if s.batches == s.failAt {
		return errors.New("disk full")
	}
	for _, a := range b.Put {
		if of, ok := b.Repoint[a.ID]; ok {
			a.DupOf = of
		}
		s.docs[a.ID] = a
	}
	for id, of := range b.Repoint {
		if a, ok := s.docs[id]; ok {
			a.DupOf = of
			s.docs[id] = a
		}
	}
	for _, f := range b.Fail {
		s.failures[f.Source] = f
	}
	for _, src := range b.ClearFail {
		delete(s.failures, src)
	}
	for _, id := range b.Delete {
		delete(s.docs, id)
	}
	for k, v := range b.SetMeta {
		if v == nil {
			delete(s.meta, k)
		} else {
			s.meta[k] = v
		}
	}
	return nil
}

func (s *memSink) Text(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.docs[id]
	if !ok {
		return "", index.ErrNoDoc
	}
	return a.Text, nil
}

func (s *memSink) Meta(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.meta[key], nil
}

func (s *memSink) MetaScan(prefix string, fn func(string, []byte) error) error {
	s.mu.Lock()
	var keys []string
	for k := range s.meta {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	vals := make([][]byte, len(keys))
	for i, k := range keys {
		vals[i] = s.meta[k]
	}
	s.mu.Unlock()
	for i, k := range keys {
		if err := fn(k, vals[i]); err != nil {
			return err
		}
	}
	return nil
}

var (
	extractorOnce sync.Once
	extractor     *extract.Extractor
)

func testExtractor(t *testing.T) *extract.Extractor {
	extractorOnce.Do(func() {
		var err error
		extractor, err = extract.Compile(extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
	})
	return extractor
}

// words for generated articles: each article draws a different sequence.
var vocab = strings.Fields(`officials said fighters crossed border near Termez Kabul
Dushanbe convoy police army market talks trade grain water river bridge
minister envoy report council village drone patrol refugees winter road`)

// article is a deterministic distinct text for i.
func article(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Report from %s\n\n", vocab[i%len(vocab)])
	rng := rand.New(rand.NewPCG(uint64(i), 42))
	for j := 0; j < 60; j++ {
		b.WriteString(vocab[rng.IntN(len(vocab))])
		b.WriteString(" ")
	}
	return b.String()
}

// corpus writes n distinct articles, every fifth one a copy of the one
// before in other case and punctuation, and one empty file.
func corpus(t *testing.T, n int) string {
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		body := article(i)
		if i%5 == 4 {
			body = strings.ToUpper(article(i-1)) + "!"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	return dir
}

func TestRunConcurrentMatchesSequential(t *testing.T) {
	dir := corpus(t, 40)
	results := map[string]*memSink{}
	runs := map[string]Options{
		"sequential":      {Workers: 1},
		"concurrent":      {Workers: 4},
		"groups of three": {Workers: 4, GroupSize: 3},
	}
	for name, opts := range runs {
		sink := newMemSink()
		opts.BatchSize, opts.Extractor = 7, testExtractor(t)
		sum, err := Run(context.Background(), []string{dir}, sink, opts)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sum.Read != 41 || sum.Indexed != 32 || sum.Duplicates != 8 || sum.Failed != 1 {
			t.Errorf("%s: %+v, want 41 read = 32 indexed + 8 duplicates + 1 failed", name, sum)
		}
		if sum.Read != sum.Indexed+sum.Duplicates+sum.Failed+sum.Unchanged {
			t.Errorf("%s: counts do not add up: %+v", name, sum)
		}
		results[name] = sink
	}
	key := func(s *memSink) string {
		var ids []string
		for id, a := range s.docs {
			ids = append(ids, id+"|"+a.Source+"|"+a.DupOf+"|"+fmt.Sprintf("%+v", a.Extraction))
		}
		sort.Strings(ids)
		return fmt.Sprint(ids)
	}
	seq := key(results["sequential"])
	if !strings.Contains(seq, "Kabul") {
		t.Fatalf("the sequential run stored no entities: %s", seq)
	}
	for _, name := range []string{"concurrent", "groups of three"} {
		if key(results[name]) != seq {
			t.Errorf("%s: stored other documents than the sequential run", name)
		}
	}
	if f, ok := results["concurrent"].failures[filepath.Join(dir, "empty.txt")]; !ok || f.Stage != "read" {
		t.Errorf("empty file not recorded as a read failure: %+v", results["concurrent"].failures)
	}
}

// TestCollectGroup checks that a group stops at its count, at its bytes,
// and at the end of the input.
func TestCollectGroup(t *testing.T) {
	in := make(chan *item, 10)
	for _, size := range []int{10, 20, groupBytes, 30, 40} {
		in <- &item{art: reader.Article{Text: strings.Repeat("x", size)}}
	}
	close(in)
	got := groupSizes(in, 2, nil)
	// Two by count, then the long one alone, then what is left.
	if fmt.Sprint(got) != "[2 1 2]" {
		t.Errorf("groups of %v, want [2 1 2]", got)
	}
}

// groupSizes collects groups of at most n from in, a closed channel,
// until it is empty, and returns their sizes.
func groupSizes(in <-chan *item, n int, t *tail) []int {
	var got []int
	for {
		g := collectGroup(in, nil, n, t)
		if len(g) == 0 {
			return got
		}
		got = append(got, len(g))
	}
}

// TestCollectGroupTail checks that once the reader is done, groups take
// a worker's share of what is left, down to tailGroup, and that before
// then they fill.
func TestCollectGroupTail(t *testing.T) {
	sizes := func(done bool, n int) []int {
		in := make(chan *item, n)
		tl := &tail{workers: 2}
		for range n {
			in <- &item{art: reader.Article{Text: "x"}}
			tl.waiting.Add(1)
		}
		close(in)
		tl.done.Store(done)
		got := groupSizes(in, 16, tl)
		if w := tl.waiting.Load(); w != 0 {
			t.Errorf("%d articles still counted as waiting", w)
		}
		return got
	}
	// 40 left for two workers: 16 (the group size), then 12 of 24, 8 of
	// 12 (tailGroup), and the last 4.
	if got := sizes(true, 40); fmt.Sprint(got) != "[16 12 8 4]" {
		t.Errorf("tail groups of %v, want [16 12 8 4]", got)
	}
	if got := sizes(false, 40); fmt.Sprint(got) != "[16 16 8]" {
		t.Errorf("groups before the tail of %v, want [16 16 8]", got)
	}
}

func TestRerunIsNoop(t *testing.T) {
	dir := corpus(t, 10)
	sink := newMemSink()
	opts := Options{Workers: 2, Extractor: testExtractor(t)}
	if _, err := Run(context.Background(), []string{dir}, sink, opts); err != nil {
		t.Fatal(err)
	}
	n := len(sink.docs)
	sum, err := Run(context.Background(), []string{dir}, sink, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unchanged != 10 || sum.Indexed != 0 || len(sink.docs) != n {
		t.Errorf("re-run: %+v, %d docs before, %d after", sum, n, len(sink.docs))
	}
}

func TestCancelledRunFlushesAndStops(t *testing.T) {
	dir := corpus(t, 30)
	sink := newMemSink()
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	opts := Options{Workers: 2, BatchSize: 1000, Extractor: testExtractor(t), OnProgress: func(s Summary) {
		if s.Read == 5 {
			once.Do(cancel)
		}
	}}
	sum, err := Run(ctx, []string{dir}, sink, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(sink.docs) < 5 || len(sink.docs) != sum.Indexed+sum.Duplicates {
		t.Errorf("after cancel: %d docs stored, summary %+v: finished articles must be flushed", len(sink.docs), sum)
	}
}

func TestSinkErrorStopsRun(t *testing.T) {
	dir := corpus(t, 30)
	sink := newMemSink()
	sink.failAt = 1
	_, err := Run(context.Background(), []string{dir}, sink, Options{Workers: 3, BatchSize: 4, Extractor: testExtractor(t)})
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("err = %v, want the sink's error", err)
	}
}

// TestReplacedSourceNoCandidate: a source read again with new text
// replaces its old article, whose dedup entries stay; a later copy of the
// old text must be indexed as an article of its own, not fail the run.
func TestReplacedSourceNoCandidate(t *testing.T) {
	sink := newMemSink()
	opts := Options{Workers: 1, Extractor: testExtractor(t)}
	a := filepath.Join(t.TempDir(), "a.txt")
	b := filepath.Join(t.TempDir(), "b.txt")
	for i, step := range []struct{ path, text string }{
		{a, article(1)},
		{a, article(2)},
		{b, strings.ToUpper(article(1))},
	} {
		if err := os.WriteFile(step.path, []byte(step.text), 0o644); err != nil {
			t.Fatal(err)
		}
		sum, err := Run(context.Background(), []string{step.path}, sink, opts)
		if err != nil || sum.Indexed != 1 {
			t.Fatalf("run %d: %+v, %v", i+1, sum, err)
		}
	}
}

// The set of this run's canonicals answers for the IDs put in it and
// for no others, and forgets an ID taken out.
func TestCanonSet(t *testing.T) {
	var s canonSet
	if s.remove("a") {
		t.Error("an empty set removed a")
	}
	for i := range 1000 {
		s.add(fmt.Sprint("id-", i))
	}
	if s.remove("id-1000") {
		t.Error("removed id-1000, never added")
	}
	if !s.remove("id-7") {
		t.Error("id-7 not found")
	}
	if s.remove("id-7") {
		t.Error("id-7 removed twice")
	}
	if s.n != 999 {
		t.Errorf("%d IDs left, want 999", s.n)
	}
}

// The table behind the set agrees with a map through random adds and
// removes of hashes that crowd a few homes (long runs that wrap round
// the end of the table, moved back on removal) and across growth.
func TestCanonSetTable(t *testing.T) {
	var s canonSet
	s.slots = make([]uint64, 8)
	want := map[uint64]bool{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 100000 {
		// The last three homes and the first (while the table is under
		// 1<<16 long), and a hash of zero.
		h := uint64(rng.IntN(500))<<16 | []uint64{0, 0xfffd, 0xfffe, 0xffff}[rng.IntN(4)]
		if h == 0 {
			h = 1 // as the set stores it
		}
		if rng.IntN(3) == 0 {
			if got := s.removeHash(h); got != want[h] {
				t.Fatalf("op %d: remove %#x = %v, want %v", i, h, got, want[h])
			}
			delete(want, h)
		} else {
			s.addHash(h)
			want[h] = true
		}
		if s.n != len(want) {
			t.Fatalf("op %d: %d hashes held, want %d", i, s.n, len(want))
		}
	}
	for h := range want {
		if !s.removeHash(h) {
			t.Fatalf("%#x lost", h)
		}
	}
	for i, x := range s.slots {
		if x != 0 {
			t.Fatalf("slot %d holds %#x after every hash was removed", i, x)
		}
	}
}

// A longer copy read after its original in the same run displaces it:
// the summary counts the original a duplicate in the end.
func TestDisplacedCanonicalCounted(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.txt": article(1),
		"b.txt": article(1) + " officials said the convoy crossed the bridge at the border",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sink := newMemSink()
	sum, err := Run(context.Background(), []string{dir}, sink, Options{Workers: 1, Extractor: testExtractor(t)})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Indexed != 1 || sum.Duplicates != 1 {
		t.Errorf("%+v, want 1 indexed and 1 duplicate", sum)
	}
	var dups int
	for _, a := range sink.docs {
		if a.DupOf != "" {
			dups++
			if filepath.Base(a.Source) != "a.txt" {
				t.Errorf("%s is the duplicate, want a.txt", a.Source)
			}
		}
	}
	if dups != 1 {
		t.Errorf("%d duplicates stored, want 1", dups)
	}
}

// TestRepointOutOfOrder checks a cluster whose canonical is displaced
// twice, when the articles reach the writer in another order than dedup
// saw them (extraction workers finish groups out of order): a, then b
// (earlier, displaces a), then c (earlier still, displaces b) are
// written a, c, b. b's verdict said to make a b's duplicate; by the time
// b is written a belongs to c, and must stay there.
func TestRepointOutOfOrder(t *testing.T) {
	sink := newMemSink()
	r := &run{opts: Options{}.withDefaults(), sink: sink, meta: map[string][]byte{}}
	r.dedup = dedup.New(dedupStore{sink}, r.opts.Dedup)
	text := article(7)
	items := map[string]*item{
		"a": {id: "a", art: reader.Article{Source: "a.txt", Text: text, Published: "2025-12-27"}},
		"b": {id: "b", art: reader.Article{Source: "b.txt", Text: text + " officials said the convoy crossed", Published: "2025-12-26"}},
		"c": {id: "c", art: reader.Article{Source: "c.txt", Text: text, Published: "2024-02-26"}},
	}
	for _, id := range []string{"a", "b", "c"} {
		if err := r.dedupe(items[id]); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"a", "c", "b"} {
		if _, err := r.add(items[id]); err != nil {
			t.Fatal(err)
		}
		if err := r.flush(); err != nil {
			t.Fatal(err)
		}
	}
	for id, want := range map[string]string{"a": "c", "b": "c", "c": ""} {
		if got := sink.docs[id].DupOf; got != want {
			t.Errorf("%s is a duplicate of %q, want %q", id, got, want)
		}
	}
}
