package dedup

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/ingest-news/ingest/internal/corpus"
	"github.com/ingest-news/ingest/internal/golden"
)

// BenchmarkIndex adds generated corpora of 2k to 100k articles (BBC
// sentences recombined and reworded, a fifth of them perturbed copies)
// to a fresh Index, and reports time and persisted state per article and
// the pairwise agreement with the generator's truth. Linear growth shows
// as a steady ns/article across sizes.
//
// The store is a bbolt file, written in batches of 128 articles, as the
// pipeline keeps dedup state beside the index: an in-memory map holding
// every text and key would measure the Go garbage collector scanning a
// heap that grows with the corpus (a quarter of the CPU at 100k) rather
// than dedup.
//
//	go test ./dedup -run '^$' -bench Index -benchtime 1x
func BenchmarkIndex(b *testing.B) {
	base, err := corpus.BBC(filepath.Join(golden.Root(), "..", "shared", "data", "bbc-news", "bbc"))
	if err != nil {
		b.Skipf("BBC corpus absent: %v", err)
	}
	for _, n := range benchSizes(b) {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			arts := make([]corpus.Article, 0, n)
			bytes := 0
			corpus.Generate(base, n, corpus.Options{Seed: 1, Reword: true}, func(_ int, a corpus.Article) bool {
				arts = append(arts, a)
				bytes += len(a.Text)
				return true
			})
			b.SetBytes(int64(bytes))
			b.ResetTimer()
			var st *boltStore
			var x *Index
			for range b.N {
				b.StopTimer()
				if st != nil {
					st.close()
				}
				st = newBoltStore(b)
				b.StartTimer()
				x = New(st, Options{})
				for i, a := range arts {
					id := fmt.Sprint(i)
					v, err := x.Add(Article{ID: id, Text: a.Text})
					if err != nil {
						b.Fatal(err)
					}
					st.add(x, id, a.Text, v)
				}
				st.flush(x)
			}
			b.StopTimer()
			defer st.close()
			state := st.metaBytes()
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
			b.ReportMetric(float64(st.written)/float64(n), "written-B/article")
			b.ReportMetric(float64(st.maxCommit)/(1<<20), "max-commit-MiB")
			b.ReportMetric(float64(tp)/float64(tp+fn), "recall")
			b.ReportMetric(float64(fp), "false-merges")
			// Bucket lists stop growing at MaxBucket IDs, so the work per
			// article is bounded however large the index grows.
			b.ReportMetric(float64(x.work.candidates)/float64(n), "candidates/article")
			b.ReportMetric(float64(x.work.verified)/float64(n), "verified/article")
			b.ReportMetric(float64(x.work.refReads)/float64(n), "ref-reads/article")
			b.ReportMetric(float64(x.work.refHits)/float64(n), "ref-hits/article")
			b.ReportMetric(float64(x.work.ruledOut)/float64(n), "ruled-out/article")
		})
	}
}

// benchSizes are the corpus sizes BenchmarkIndex runs: INGEST_DEDUP_N as
// a comma-separated list, or 2,000 to 100,000.
//
//	INGEST_DEDUP_N=100000,300000 go test ./dedup -run '^$' -bench Index -benchtime 1x
func benchSizes(b *testing.B) []int {
	sizes, err := corpus.Sizes(os.Getenv("INGEST_DEDUP_N"), []int{2_000, 10_000, 30_000, 100_000})
	if err != nil {
		b.Fatalf("INGEST_DEDUP_N=%v", err)
	}
	return sizes
}

// boltStore keeps dedup state and texts in a bbolt file, written in
// batches as the index stage writes them.
type boltStore struct {
	b       *testing.B
	db      *bolt.DB
	meta    map[string][]byte // the batch being filled
	texts   map[string]string
	pending int
	// written counts the bytes of keys and values put, and maxCommit the
	// most put by one batch: what the store's writer holds at a commit.
	written, maxCommit int
}

var (
	bucketMeta  = []byte("meta")
	bucketTexts = []byte("texts")
)

func newBoltStore(b *testing.B) *boltStore {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "dedup.db"), 0o600, &bolt.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucket(bucketMeta); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketTexts)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return &boltStore{b: b, db: db, meta: map[string][]byte{}, texts: map[string]string{}}
}

func (s *boltStore) get(bucket []byte, k string) []byte {
	var v []byte
	s.db.View(func(tx *bolt.Tx) error {
		if got := tx.Bucket(bucket).Get([]byte(k)); got != nil {
			v = append([]byte(nil), got...)
		}
		return nil
	})
	return v
}

func (s *boltStore) Meta(k string) ([]byte, error) { return s.get(bucketMeta, k), nil }

func (s *boltStore) MetaBatch(keys []string) ([][]byte, error) {
	out := make([][]byte, len(keys))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		for i, k := range keys {
			if got := b.Get([]byte(k)); got != nil {
				out[i] = append([]byte(nil), got...)
			}
		}
		return nil
	})
	return out, err
}

func (s *boltStore) MetaScan(prefix string, fn func(string, []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		p := []byte(prefix)
		for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
			if err := fn(string(k), v); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *boltStore) Text(id string) (string, error) {
	if t := s.get(bucketTexts, id); t != nil {
		return string(t), nil
	}
	return "", fmt.Errorf("no text for %s", id)
}

// add queues a verdict's state and the article's text; every 128
// articles the batch is written and x told.
func (s *boltStore) add(x *Index, id, text string, v Verdict) {
	for k, b := range v.Meta {
		s.meta[k] = b
	}
	s.texts[id] = text
	if s.pending++; s.pending == 128 {
		s.flush(x)
	}
}

func (s *boltStore) flush(x *Index) {
	compacted, err := x.Compact()
	if err != nil {
		s.b.Fatal(err)
	}
	for k, v := range compacted {
		s.meta[k] = v
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		m, t := tx.Bucket(bucketMeta), tx.Bucket(bucketTexts)
		commit := 0
		defer func() {
			s.written += commit
			s.maxCommit = max(s.maxCommit, commit)
		}()
		for k, v := range s.meta {
			var err error
			if v == nil {
				err = m.Delete([]byte(k))
			} else {
				err = m.Put([]byte(k), v)
				commit += len(k) + len(v)
			}
			if err != nil {
				return err
			}
		}
		for id, text := range s.texts {
			if err := t.Put([]byte(id), []byte(text)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.b.Fatal(err)
	}
	ids := make([]string, 0, len(s.texts))
	for id := range s.texts {
		ids = append(ids, id)
	}
	x.Persisted(s.meta, ids)
	s.meta, s.texts, s.pending = map[string][]byte{}, map[string]string{}, 0
}

// metaBytes is the size of the dedup state: keys and values.
func (s *boltStore) metaBytes() int {
	n := 0
	s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).ForEach(func(k, v []byte) error {
			n += len(k) + len(v)
			return nil
		})
	})
	return n
}

func (s *boltStore) close() { s.db.Close() }
