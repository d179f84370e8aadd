package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ingest-news/ingest/dedup"
	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/index"
	"github.com/ingest-news/ingest/internal/metakey"
	"github.com/ingest-news/ingest/reader"
)

// Sink is where articles go: the index, behind the least the pipeline
// needs of it, so that another store can stand in for it.
type Sink interface {
	Apply(index.Batch) error
	Meta(key string) ([]byte, error)
	MetaScan(prefix string, fn func(key string, val []byte) error) error
	Text(id string) (string, error)
}

// Options configure a run. The zero value is ready, but for Extractor.
type Options struct {
	// Workers is the number of extraction goroutines; 0 means one per CPU.
	Workers int
	// BatchSize is the number of articles per index batch (default
	// DefaultBatchSize).
	BatchSize int
	// GroupSize is the most articles an extraction worker extracts
	// together (extract.Extractor.ExtractGroup; default 64, and at most
	// 256 KiB of their text); 1 extracts them one at a time.
	GroupSize int
	// Date, when set (YYYY-MM-DD), is every article's published date,
	// overriding what the input says; DateDefault is the date of articles
	// whose input gives none.
	Date, DateDefault string
	Reader            reader.Options
	// Extractor runs the extraction; it is shared by the workers.
	Extractor *extract.Extractor
	// Dedup configures duplicate detection.
	Dedup dedup.Options
	// Stdin is read as JSON Lines for the path "-".
	Stdin io.Reader
	// OnFailure is called, from one goroutine at a time, for each failure.
	OnFailure func(Failure)
	// OnProgress is called, from the index goroutine, after each article.
	OnProgress func(Summary)
	// Now is the clock for the summary's elapsed time (default time.Now).
	Now func() time.Time
}

// Failure is an input or article that could not be ingested.
type Failure struct {
	Source string `json:"source"`
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
}

// Summary counts what a run did. Every article read ends in exactly one
// of Indexed, Duplicates, Unchanged (already in the index) and Failed.
type Summary struct {
	Read       int           `json:"read"`
	Indexed    int           `json:"indexed"`
	Duplicates int           `json:"duplicates"`
	Unchanged  int           `json:"unchanged"`
	Failed     int           `json:"failed"`
	Bytes      int64         `json:"bytes"`
	Elapsed    time.Duration `json:"elapsed_ns"`
}

// MBps is the article text throughput of the run.
func (s Summary) MBps() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Bytes) / 1e6 / s.Elapsed.Seconds()
}

func (s Summary) String() string {
	return fmt.Sprintf("read %d articles (%.1f MB): %d indexed, %d duplicates, %d failed, %d unchanged in %s (%.2f MB/s)",
		s.Read, float64(s.Bytes)/1e6, s.Indexed, s.Duplicates, s.Failed, s.Unchanged,
		s.Elapsed.Round(time.Millisecond), s.MBps())
}

// item is one article on its way through the stages.
type item struct {
	art     reader.Article
	id      string
	dupOf   string
	meta    map[string][]byte
	delete  []string
	result  extract.Result
	skip    bool // unchanged: already indexed under this source
	counted bool // counted by the dedup stage in run.final
	repoint []string
	failure *Failure
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.GroupSize <= 0 {
		o.GroupSize = 64
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.OnFailure == nil {
		o.OnFailure = func(Failure) {}
	}
	if o.OnProgress == nil {
		o.OnProgress = func(Summary) {}
	}
	return o
}

// ErrNoExtractor reports Options without an Extractor.
var ErrNoExtractor = errors.New("pipeline: Options.Extractor is nil")

// Run ingests the articles under paths into sink and returns what it did.
// The error is ctx's when cancelled, or the sink's when a write failed;
// failures of single articles are counted and reported, not returned.
func Run(ctx context.Context, paths []string, sink Sink, opts Options) (Summary, error) {
	opts = opts.withDefaults()
	if opts.Extractor == nil {
		return Summary{}, ErrNoExtractor
	}
	r := &run{opts: opts, sink: sink, dedup: dedup.New(dedupStore{sink}, opts.Dedup), start: opts.Now(), meta: map[string][]byte{}}
	var err error
	if opts.Workers == 1 {
		err = r.sequential(ctx, paths)
	} else {
		err = r.concurrent(ctx, paths)
	}
	r.sum.Elapsed = opts.Now().Sub(r.start)
	if err == nil {
		// Every article that passed dedup was written: report where each
		// ended, rather than what it looked like when it arrived.
		r.sum.Indexed, r.sum.Duplicates = r.final.indexed, r.final.copies
	}
	return r.sum, err
}

// dedupStore is the sink as dedup reads it: an article the index no
// longer holds (its source was replaced by a new version) is dedup's
// ErrNoText, not a failure of the run.
type dedupStore struct{ Sink }

func (s dedupStore) Text(id string) (string, error) {
	t, err := s.Sink.Text(id)
	if errors.Is(err, index.ErrNoDoc) {
		return "", fmt.Errorf("%w: %w", dedup.ErrNoText, err)
	}
	return t, err
}

// MetaScanParts gives values as readers when the sink can, else from
// MetaScan.
func (s dedupStore) MetaScanParts(prefix string, fn func(key string, r io.ReaderAt, n int) error) error {
	if pr, ok := s.Sink.(dedup.PartReader); ok {
		return pr.MetaScanParts(prefix, fn)
	}
	return s.Sink.MetaScan(prefix, func(k string, v []byte) error {
		return fn(k, bytes.NewReader(v), len(v))
	})
}

// MetaBatch reads keys in one go when the sink can.
func (s dedupStore) MetaBatch(keys []string) ([][]byte, error) {
	if b, ok := s.Sink.(dedup.MetaBatcher); ok {
		return b.MetaBatch(keys)
	}
	out := make([][]byte, len(keys))
	for i, k := range keys {
		v, err := s.Sink.Meta(k)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// DefaultBatchSize is the articles per index batch unless Options say
// otherwise. On 1 GB of generated articles 128 took 36 MB less resident
// memory than 256 in about the same time, and 1024 twice as long, near
// the memory limit (doc/performance.md).
const DefaultBatchSize = 128

type run struct {
	opts  Options
	sink  Sink
	dedup *dedup.Index
	start time.Time
	sum   Summary
	batch index.Batch
	n     int      // articles in batch
	ids   []string // of the articles in batch
	// meta holds this run's bookkeeping until the batch that persists it
	// is written, since the dedup stage runs ahead of the index stage.
	mu   sync.Mutex
	meta map[string][]byte
	// final counts this run's articles as the run ends: a canonical that
	// a later-read copy displaces (earlier published, or longer) ends as a
	// duplicate. The dedup stage keeps it, in read order, so that the
	// summary is the same on every run; canon holds this run's articles
	// that are canonical so far.
	final struct {
		sync.Mutex
		canon           canonSet
		indexed, copies int
	}
}

// canonSet is a set of article IDs held by a 64-bit hash of each. It
// lasts the run and grows with it: a set of the strings kept every
// canonical's ID alive, 20 MB of map and 7 MB of IDs in a heap profile
// taken after about 350,000 generated articles. Two of a million IDs
// share a hash with a probability of about 3e-8, and would cost one
// article miscounted in the summary.
//
// The hashes sit in one open-addressed table with linear probing, at
// most three quarters full: 8 bytes a slot, 11-21 bytes an ID, where a
// Go map of the hashes took about 39 in the heap profile of a 1 GB run.
// Zero marks an empty slot, so a hash of zero is stored as one.
type canonSet struct {
	seed  maphash.Seed
	slots []uint64 // a power of two long
	n     int
}

func (s *canonSet) add(id string) {
	if s.slots == nil {
		s.seed, s.slots = maphash.MakeSeed(), make([]uint64, 1024)
	}
	s.addHash(maphash.String(s.seed, id))
}

// remove takes id out of the set and reports whether it was in it.
func (s *canonSet) remove(id string) bool {
	if s.slots == nil {
		return false
	}
	return s.removeHash(maphash.String(s.seed, id))
}

func (s *canonSet) addHash(h uint64) {
	h = max(h, 1)
	if 4*(s.n+1) > 3*len(s.slots) {
		old := s.slots
		s.slots, s.n = make([]uint64, 2*len(old)), 0
		for _, x := range old {
			if x != 0 {
				s.addHash(x)
			}
		}
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
	}
}

// removeHash empties h's slot and moves back, into the gap, any later
// slot of the same run whose home is at or before the gap, so that a
// lookup never stops at a hole short of what it looks for.
func (s *canonSet) removeHash(h uint64) bool {
	h = max(h, 1)
	mask := uint64(len(s.slots) - 1)
	i := h & mask
	for s.slots[i] != h {
		if s.slots[i] == 0 {
			return false
		}
		i = (i + 1) & mask
	}
	for j := (i + 1) & mask; s.slots[j] != 0; j = (j + 1) & mask {
		// Distance from home, taken round the end of the table.
		if (j-s.slots[j]&mask)&mask >= (j-i)&mask {
			s.slots[i] = s.slots[j]
			i = j
		}
	}
	s.slots[i] = 0
	s.n--
	return true
}

// lookup reads bookkeeping: this run's first, then the sink's.
func (r *run) lookup(key string) ([]byte, error) {
	r.mu.Lock()
	v, ok := r.meta[key]
	r.mu.Unlock()
	if ok {
		return v, nil
	}
	return r.sink.Meta(key)
}

func (r *run) sequential(ctx context.Context, paths []string) error {
	err := r.read(ctx, paths, func(it *item) error {
		r.normalise(it)
		if err := r.dedupe(it); err != nil {
			return err
		}
		r.extractGroup([]*item{it})
		full, err := r.add(it)
		if err == nil && full {
			err = r.flush()
		}
		return err
	})
	if ferr := r.flush(); err == nil {
		err = ferr
	}
	return err
}

func (r *run) concurrent(ctx context.Context, paths []string) error {
	g, gctx := errgroup.WithContext(ctx)
	read := make(chan *item, 64)
	normalised := make(chan *item, 64)
	deduped := make(chan *item, 2*r.opts.Workers)
	extracted := make(chan []*item, r.opts.Workers)
	t := &tail{workers: r.opts.Workers}

	send := func(ch chan<- *item, it *item) error {
		select {
		case ch <- it:
			return nil
		case <-gctx.Done():
			return gctx.Err()
		}
	}
	g.Go(func() error {
		defer close(read)
		defer t.done.Store(true)
		return r.read(gctx, paths, func(it *item) error {
			t.waiting.Add(1)
			return send(read, it)
		})
	})
	g.Go(func() error {
		defer close(normalised)
		for it := range read {
			r.normalise(it)
			if err := send(normalised, it); err != nil {
				return err
			}
		}
		return nil
	})
	g.Go(func() error {
		defer close(deduped)
		for it := range normalised {
			if err := r.dedupe(it); err != nil {
				return err
			}
			if err := send(deduped, it); err != nil {
				return err
			}
		}
		return nil
	})
	workers, wctx := errgroup.WithContext(gctx)
	for w := 0; w < r.opts.Workers; w++ {
		workers.Go(func() error {
			for {
				group := collectGroup(deduped, make([]*item, 0, r.opts.GroupSize), r.opts.GroupSize, t)
				if len(group) == 0 {
					return nil
				}
				r.extractGroup(group)
				select {
				case extracted <- group:
				case <-wctx.Done():
					return wctx.Err()
				}
			}
		})
	}
	g.Go(func() error {
		defer close(extracted)
		return workers.Wait()
	})
	// The index stage hands each full batch to a writer of its own, so
	// that extraction and the next batch go on while bleve writes one:
	// written in line, every batch stopped the extraction workers, which
	// soon filled the channel to the index stage.
	batches := make(chan pendingBatch, 1)
	written := make(chan struct{})
	var writeErr error         // set before written is closed
	var unwritten atomic.Int32 // batches handed off and not yet written
	g.Go(func() error {
		defer close(written)
		for b := range batches {
			writeErr = r.write(b)
			unwritten.Add(-1)
			if writeErr != nil {
				return writeErr
			}
		}
		return nil
	})
	handoff := func() error {
		b := r.take()
		if b.batch.Len() == 0 {
			return nil
		}
		unwritten.Add(1)
		select {
		case batches <- b:
			return nil
		case <-written:
			return writeErr
		}
	}
	g.Go(func() error {
		defer close(batches)
		// The index stage flushes what it holds even when the run is
		// cancelled: those articles are done and must not be lost.
		for {
			select {
			case group, ok := <-extracted:
				if !ok {
					return handoff()
				}
				for _, it := range group {
					full, err := r.add(it)
					if err == nil && full {
						err = handoff()
					}
					if err != nil {
						return err
					}
				}
				// Once everything is read, the run's last groups are
				// all that is left: a batch that waited for BatchSize
				// articles would be written after the last of them,
				// with the extraction workers idle. An idle writer
				// takes what there is.
				if t.done.Load() && unwritten.Load() == 0 {
					if err := handoff(); err != nil {
						return err
					}
				}
			case <-gctx.Done():
				if err := handoff(); err != nil {
					return err
				}
				return gctx.Err()
			}
		}
	})
	err := g.Wait()
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return err
}

// read walks the inputs and passes each article, or each failure to read
// one, to emit.
func (r *run) read(ctx context.Context, paths []string, emit func(*item) error) error {
	var emitErr error
	pass := func(a reader.Article, err error) {
		if emitErr != nil {
			return
		}
		it := &item{art: a}
		if err != nil {
			it.failure = &Failure{Source: sourceOf(a, err), Stage: "read", Reason: reason(err)}
		}
		emitErr = emit(it)
	}
	for _, p := range paths {
		if p == "-" {
			if r.opts.Stdin == nil {
				pass(reader.Article{Source: "-"}, &reader.Error{Source: "-", Err: errors.New("no standard input")})
				continue
			}
			if err := reader.ReadJSONL(r.opts.Stdin, "-", r.opts.Reader, pass); err != nil {
				pass(reader.Article{Source: "-"}, err)
			}
			if emitErr != nil {
				return emitErr
			}
			continue
		}
		err := reader.Walk([]string{p}, func(f reader.File, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil {
				pass(reader.Article{Source: f.Source}, err)
			} else {
				reader.ReadFile(f, r.opts.Reader, pass)
			}
			return emitErr
		})
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

func sourceOf(a reader.Article, err error) string {
	var re *reader.Error
	if errors.As(err, &re) {
		return re.Source
	}
	return a.Source
}

// reason is the error without the source it names, which the failure
// record carries on its own.
func reason(err error) string {
	var re *reader.Error
	if errors.As(err, &re) {
		return re.Err.Error()
	}
	return err.Error()
}

// normalise puts the text in its canonical form, gives the article its
// content ID and settles its published date.
func (r *run) normalise(it *item) {
	if it.failure != nil {
		return
	}
	it.art = reader.Normalize(it.art)
	if strings.TrimSpace(it.art.Text) == "" {
		it.failure = &Failure{Source: it.art.Source, Stage: "normalise", Reason: reader.ErrEmpty.Error()}
		return
	}
	it.id = reader.ContentID(it.art.Text)
	switch {
	case r.opts.Date != "":
		it.art.Published, it.art.PublishedFrom = r.opts.Date, reader.FromFlag
	case it.art.Published == "" && r.opts.DateDefault != "":
		it.art.Published, it.art.PublishedFrom = r.opts.DateDefault, reader.FromDefault
	}
}

// Metadata keys of the pipeline's own bookkeeping in the sink.
const metaSource = "src/" // source -> ID of the article last read from it

// docKey holds the source an article was read from.
func docKey(id string) string { return metakey.Article(id, "doc") }

// dedupe decides whether the article is already indexed from this source
// (unchanged), an exact copy under another source, or a copy by dedup's
// judgement, and gathers the metadata to store with it.
func (r *run) dedupe(it *item) error {
	if it.failure != nil {
		return nil
	}
	src := it.art.Source
	owner, err := r.lookup(docKey(it.id))
	if err != nil {
		return err
	}
	if owner != nil && string(owner) != src {
		// The same text under another name: kept, as a duplicate, under
		// an ID of its own.
		it.id = it.id + "-" + reader.ContentID(src)[:8]
	}
	prev, err := r.lookup(metaSource + src)
	if err != nil {
		return err
	}
	if string(prev) == it.id {
		it.skip = true
		return nil
	}
	if prev != nil {
		it.delete = append(it.delete, string(prev)) // the source changed: replace it
	}
	it.meta = map[string][]byte{metaSource + src: []byte(it.id), docKey(it.id): []byte(src)}
	r.mu.Lock()
	for k, v := range it.meta {
		r.meta[k] = v
	}
	r.mu.Unlock()
	v, err := r.dedup.Add(dedup.Article{ID: it.id, Text: it.art.Text, Published: it.art.Published})
	if err != nil {
		return err
	}
	it.dupOf, it.repoint = v.DupOf, v.Repoint
	r.final.Lock()
	it.counted = true
	if v.DupOf == "" {
		r.final.canon.add(it.id)
		r.final.indexed++
	} else {
		r.final.copies++
	}
	for _, x := range v.Repoint {
		if r.final.canon.remove(x) {
			r.final.indexed--
			r.final.copies++
		}
	}
	r.final.Unlock()
	for k, b := range v.Meta {
		it.meta[k] = b
	}
	return nil
}

// groupBytes bounds the text of a group of articles that an extraction
// worker holds (Options.GroupSize), so that long articles do not make
// groups large.
const groupBytes = 256 << 10

// tailGroup is the smallest group that tail sharing makes.
const tailGroup = 8

// tail counts the articles read and not yet taken into a group, so that
// the last ones of a run are shared among the workers: in groups of
// GroupSize, one worker could be left with a whole group, 80 ms of
// tagging and more, while the others had nothing.
type tail struct {
	workers int
	waiting atomic.Int64 // read and not yet in a group
	done    atomic.Bool  // the reader has passed on its last article
}

// enough reports whether a group of n articles is its worker's share of
// what is left: once the reader is done, a group takes 1/workers of the
// articles not yet in a group, and no fewer than tailGroup, so that
// groups shrink as the run ends and the workers finish together.
func (t *tail) enough(n int) bool {
	if t == nil || !t.done.Load() {
		return false
	}
	rest := int(t.waiting.Load()) + n
	return n >= max(tailGroup, (rest+t.workers-1)/t.workers)
}

// collectGroup appends to group the articles read from in until it holds
// n of them or groupBytes of text, or its share of the run's tail (t,
// which may be nil), or in is closed; an empty group means in is closed.
// Before the tail it waits for a group to fill: an index batch waits for
// BatchSize articles anyway.
func collectGroup(in <-chan *item, group []*item, n int, t *tail) []*item {
	size := 0
	for it := range in {
		if t != nil {
			t.waiting.Add(-1)
		}
		group = append(group, it)
		size += len(it.art.Text)
		if len(group) >= n || size >= groupBytes || t.enough(len(group)) {
			break
		}
	}
	return group
}

// extractGroup extracts the articles of group that need it; an article
// whose extraction panics fails alone.
func (r *run) extractGroup(group []*item) {
	var todo []*item
	var docs []extract.Doc
	for _, it := range group {
		if it.failure == nil && !it.skip {
			todo = append(todo, it)
			docs = append(docs, extract.Doc{Text: it.art.Text, Published: published(it)})
		}
	}
	if len(docs) == 0 {
		return
	}
	results, errs := r.opts.Extractor.ExtractGroup(docs)
	for i, it := range todo {
		if errs != nil && errs[i] != nil {
			it.failure = &Failure{Source: it.art.Source, Stage: "extract", Reason: errs[i].Error()}
			continue
		}
		it.result = results[i]
	}
}

// published is the article's date to resolve its relative dates against;
// the zero time when it has none.
func published(it *item) time.Time {
	var pub time.Time
	if it.art.Published != "" {
		pub, _ = time.Parse(time.DateOnly, it.art.Published)
	}
	return pub
}

// add puts a finished article in the current batch and reports whether
// the batch is full.
func (r *run) add(it *item) (full bool, err error) {
	r.sum.Read++
	switch {
	case it.failure != nil:
		r.sum.Failed++
		if it.counted { // failed after dedup counted it
			r.final.Lock()
			if r.final.canon.remove(it.id) {
				r.final.indexed--
			} else {
				r.final.copies--
			}
			r.final.Unlock()
		}
		r.batch.Fail = append(r.batch.Fail, index.Failure(*it.failure))
		r.opts.OnFailure(*it.failure)
	case it.skip:
		r.sum.Unchanged++
	default:
		r.sum.Bytes += int64(len(it.art.Text))
		// The canonical may have changed since dedup decided: an earlier
		// copy read later displaces it.
		canon, err := r.dedup.CanonicalOf(it.id)
		if err != nil {
			return false, err
		}
		it.dupOf = ""
		if canon != it.id {
			it.dupOf = canon
		}
		if it.dupOf != "" {
			r.sum.Duplicates++
		} else {
			r.sum.Indexed++
		}
		a := it.art
		r.batch.Put = append(r.batch.Put, index.Article{
			ID: it.id, Source: a.Source, Title: a.Title, Text: a.Text,
			Published: a.Published, PublishedFrom: a.PublishedFrom, URL: a.URL,
			ExternalID: a.ExternalID, DupOf: it.dupOf, Extraction: it.result,
		})
		r.batch.Delete = append(r.batch.Delete, it.delete...)
		r.batch.ClearFail = append(r.batch.ClearFail, a.Source)
		if r.batch.SetMeta == nil {
			r.batch.SetMeta = map[string][]byte{}
		}
		for k, v := range it.meta {
			r.batch.SetMeta[k] = v
		}
		// The articles this one displaced as canonical take the
		// cluster's canonical of now, not this article: a batch written
		// before this one (its group was extracted sooner) may hold an
		// article that displaced this one since.
		for _, id := range it.repoint {
			if r.batch.Repoint == nil {
				r.batch.Repoint = map[string]string{}
			}
			c, err := r.dedup.CanonicalOf(id)
			if err != nil {
				return false, err
			}
			if c == id {
				c = "" // canonical again: its cluster moved to it
			}
			r.batch.Repoint[id] = c
		}
		r.ids = append(r.ids, it.id)
	}
	r.n++
	r.opts.OnProgress(r.sum)
	return r.n >= r.opts.BatchSize, nil
}

// pendingBatch is a batch on its way to the sink, with the IDs of the
// articles in it.
type pendingBatch struct {
	batch index.Batch
	ids   []string
}

// take returns the current batch and starts a new one.
func (r *run) take() pendingBatch {
	b := pendingBatch{r.batch, r.ids}
	r.batch, r.n, r.ids = index.Batch{}, 0, nil
	return b
}

// flush writes the current batch.
func (r *run) flush() error { return r.write(r.take()) }

// write applies a batch to the sink and tells dedup its state is stored.
// Batches are written one at a time, in the order they were taken.
func (r *run) write(b pendingBatch) error {
	if b.batch.Len() == 0 {
		return nil
	}
	// Dedup's band records written by earlier batches move into its
	// levels with this one.
	compacted, err := r.dedup.Compact()
	if err != nil {
		return err
	}
	if len(compacted) > 0 && b.batch.SetMeta == nil {
		b.batch.SetMeta = map[string][]byte{}
	}
	for k, v := range compacted {
		b.batch.SetMeta[k] = v
	}
	if err := r.sink.Apply(b.batch); err != nil {
		return err
	}
	r.dedup.Persisted(b.batch.SetMeta, b.ids)
	r.mu.Lock()
	for k, v := range b.batch.SetMeta {
		if cur, ok := r.meta[k]; ok && string(cur) == string(v) {
			delete(r.meta, k)
		}
	}
	r.mu.Unlock()
	return nil
}
