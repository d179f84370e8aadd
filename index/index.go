package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
)

// Options configure how an index is opened. The zero value is ready.
type Options struct {
	// ReadOnly opens an existing index for searching only; it takes a
	// shared lock, so it fails at once while a writer holds the index.
	ReadOnly bool
	// textDocValues creates a new index with the schema of earlier
	// versions (doc values on the title and text), for tests.
	textDocValues bool
}

// Index is an open article index. It is safe for concurrent use.
type Index struct {
	path     string
	readOnly bool
	tmp      string // where a new index is built until Close publishes it
	b        bleve.Index
	lock     *lockFile
	applied  int
	gen      uint64 // the generation of the last batch written
	meta     *metaStore
	texts    *textLog   // nil for a reader of an index without one
	rel      *releaser  // a writer's
	people   *people    // loaded by the first write
	facets   *facetDict // loaded by the first write
	applyMu  sync.Mutex
}

// ErrNotExist reports that there is no index at the path.
var ErrNotExist = errors.New("no index here: run `ingest index` first")

// Open opens the index at path, creating it when there is none (unless
// read-only). A corrupt index gives an error that says how to rebuild.
func Open(path string, opts Options) (*Index, error) {
	lock, err := acquire(path, !opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	ix := &Index{path: path, readOnly: opts.ReadOnly, lock: lock}
	_, statErr := os.Stat(path)
	switch {
	case statErr == nil:
		cfg := map[string]interface{}{"bolt_timeout": "2s"}
		// Check read-only first: a writer that opened a damaged index
		// would drop the snapshot it could not load.
		cfg["read_only"] = true
		ix.b, err = bleve.OpenUsing(path, cfg)
		if err == nil {
			err = ix.checkSchema()
			if err == nil {
				err = ix.checkGeneration()
			}
			if err != nil || opts.ReadOnly {
				if err != nil {
					ix.b.Close()
				}
			} else if err = ix.b.Close(); err == nil {
				delete(cfg, "read_only")
				ix.b, err = bleve.OpenUsing(path, cfg)
			}
		}
		if err == nil {
			err = ix.openMeta(path, opts.ReadOnly)
		}
		if err == nil {
			err = ix.openTexts(path, opts.ReadOnly)
		}
		if errors.Is(err, ErrSchema) {
			lock.release()
			return nil, fmt.Errorf("%s: %w: delete it and run `ingest index` again on the sources to rebuild it", path, err)
		}
		if err != nil {
			lock.release()
			return nil, fmt.Errorf("%s: cannot open the index (%v); it may be damaged: delete it and run `ingest index` again on the sources to rebuild it", path, err)
		}
	case !errors.Is(statErr, os.ErrNotExist):
		lock.release()
		return nil, statErr
	case opts.ReadOnly:
		lock.release()
		return nil, fmt.Errorf("%s: %w", path, ErrNotExist)
	default:
		// A temporary left by a killed first run is stale: we hold the lock.
		ix.tmp = path + ".tmp"
		if err := os.RemoveAll(ix.tmp); err != nil {
			lock.release()
			return nil, err
		}
		ix.b, err = bleve.NewUsing(ix.tmp, schema(opts.textDocValues), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, map[string]interface{}{"bolt_timeout": "2s"})
		if err == nil {
			ix.meta, err = openMeta(ix.tmp, false)
			if err != nil {
				ix.b.Close()
			}
		}
		if err == nil {
			err = ix.openTexts(ix.tmp, false)
		}
		if err != nil {
			lock.release()
			return nil, fmt.Errorf("%s: creating index: %w", path, err)
		}
	}
	if !opts.ReadOnly {
		ix.rel = startReleasing(ix)
	}
	return ix, nil
}

// Path is where the index lives (once published).
func (ix *Index) Path() string { return ix.path }

// Close flushes the index to disk and, for a new index, publishes it at
// its path by renaming the temporary directory.
func (ix *Index) Close() error {
	defer ix.lock.release()
	err := ix.rel.stop()
	if berr := ix.b.Close(); err == nil {
		err = berr
	}
	if ix.meta != nil {
		if merr := ix.meta.close(); err == nil {
			err = merr
		}
	}
	if terr := ix.texts.close(); err == nil {
		err = terr
	}
	if err != nil {
		return fmt.Errorf("%s: closing index: %w", ix.path, err)
	}
	if ix.tmp != "" {
		if err := os.Rename(ix.tmp, ix.path); err != nil {
			return fmt.Errorf("%s: publishing index: %w", ix.path, err)
		}
	}
	return nil
}

// openMeta opens the metadata file of an existing index and brings it to
// bleve's generation. An index without one (read-only, or written before
// the file existed) reads no metadata.
func (ix *Index) openMeta(dir string, readOnly bool) error {
	if _, err := os.Stat(filepath.Join(dir, metaFile)); errors.Is(err, os.ErrNotExist) && readOnly {
		return nil
	}
	m, err := openMeta(dir, readOnly)
	if err != nil {
		ix.b.Close()
		return err
	}
	err = m.reconcile(ix.gen, readOnly)
	if err == nil && !readOnly {
		err = m.collect()
	}
	if err != nil {
		m.close()
		ix.b.Close()
		return err
	}
	ix.meta = m
	return nil
}

// openTexts opens the file of texts; on failure it closes what Open
// opened before.
func (ix *Index) openTexts(dir string, readOnly bool) error {
	t, err := openTexts(dir, ix.meta, readOnly)
	if err != nil {
		if ix.meta != nil {
			ix.meta.close()
		}
		ix.b.Close()
		return err
	}
	ix.texts = t
	return nil
}
