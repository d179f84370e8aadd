package index

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"
)

// generationKey is the internal key every batch advances. bleve keeps
// the internal keys of each persisted snapshot, so the newest snapshot
// on disk says which generation the index must open at.
const generationKey = "ingest.generation"

// When bleve cannot load the newest snapshot (a truncated or missing
// segment file), it logs and falls back to an older snapshot, or to an
// empty index, and would later delete the newer files. checkGeneration
// turns that silent loss into an error: the generation bleve opened must
// be the newest one on disk.
func (ix *Index) checkGeneration() error {
	newest, err := newestGeneration(filepath.Join(ix.path, "store", "root.bolt"))
	if err != nil {
		return err
	}
	opened, err := ix.b.GetInternal([]byte(generationKey))
	if err != nil {
		return err
	}
	if !bytes.Equal(newest, opened) {
		return fmt.Errorf("the newest snapshot (generation %s) cannot be loaded; bleve opened %s", genString(newest), genString(opened))
	}
	ix.gen = decodeGen(opened)
	return nil
}

// newestGeneration reads the generation key of the newest snapshot in a
// scorch root.bolt; nil when the index has none (a new, empty index).
func newestGeneration(root string) ([]byte, error) {
	if _, err := os.Stat(root); err != nil {
		return nil, err
	}
	db, err := util.OpenBolt(root, 0o600, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var gen []byte
	err = db.View(func(tx *util.BoltTxImpl) error {
		snaps := tx.Bucket(util.BoltSnapshotsBucket)
		if snaps == nil {
			return nil
		}
		k, _ := snaps.Cursor().Last()
		if k == nil {
			return nil
		}
		snap := snaps.GetBucket(k)
		if snap == nil {
			return fmt.Errorf("newest snapshot %x has no bucket", k)
		}
		meta := snap.GetBucket(util.BoltMetaDataKey)
		if meta == nil {
			return fmt.Errorf("newest snapshot %x has no metadata", k)
		}
		id, err := meta.Get(util.BoltMetaDataFileWriterIDKey, nil)
		if err != nil {
			return err
		}
		reader, err := util.NewFileReader(string(id), []byte(root))
		if err != nil {
			return err
		}
		internal := snap.GetBucket(util.BoltInternalKey)
		if internal == nil {
			return nil
		}
		v, err := internal.Get([]byte(generationKey), reader)
		gen = append([]byte(nil), v...)
		if len(v) == 0 {
			gen = nil
		}
		return err
	})
	return gen, err
}

func encodeGen(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

func decodeGen(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func genString(b []byte) string {
	if b == nil {
		return "none"
	}
	return strconv.FormatUint(decodeGen(b), 10)
}
