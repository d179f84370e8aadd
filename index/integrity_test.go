package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func writeArticles(t *testing.T, path string, batches, per int) {
	t.Helper()
	for b := 0; b < batches; b++ {
		ix, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var put []Article
		for i := 0; i < per; i++ {
			id := fmt.Sprintf("a%d-%d", b, i)
			put = append(put, Article{ID: id, Source: id + ".txt", Title: "Kabul " + id, Text: "Officials in Kabul said " + id})
		}
		if err := ix.Apply(Batch{Put: put}); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// reopen closes ix and opens it again as a writer.
func reopen(t *testing.T, ix *Index) *Index {
	t.Helper()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ix.path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestGenerationSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 3, 4)
	ix, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.gen != 3 {
		t.Errorf("generation %d after three batches, want 3", ix.gen)
	}
	if n, _ := ix.b.DocCount(); n != 12 {
		t.Errorf("%d documents, want 12", n)
	}
}

// A reader refuses every batch, naming the index, and leaves it as it
// was: the articles, the texts and the generation.
func TestReadOnlyRefusesBatches(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 1, 2)
	ix, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range []Batch{
		{Put: []Article{{ID: "new", Source: "new.txt", Text: "New text"}}},
		{Delete: []string{"a0-0"}},
		{SetMeta: map[string][]byte{"k": []byte("v")}},
	} {
		if err := ix.Apply(b); err == nil || !strings.Contains(err.Error(), path+": index opened read-only") {
			t.Errorf("batch %d on a reader: %v", i, err)
		}
	}
	ix = reopen(t, ix)
	defer ix.Close()
	if n, _ := ix.b.DocCount(); n != 2 || ix.gen != 1 {
		t.Errorf("%d documents at generation %d, want 2 at 1", n, ix.gen)
	}
	checkText(t, ix, "a0-0", "Officials in Kabul said a0-0")
	if v, _ := ix.Meta("k"); v != nil {
		t.Errorf("the reader's metadata was written: %q", v)
	}
}

// A truncated segment makes bleve fall back to an older snapshot; Open
// must refuse instead, for readers and writers, and name the remedy.
func TestDamagedIndexRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 2, 4)
	segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segments")
	}
	sort.Strings(segs)
	if err := os.Truncate(segs[len(segs)-1], 64); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		ix, err := Open(path, Options{ReadOnly: ro})
		if err == nil {
			ix.Close()
			t.Fatalf("read-only=%v: opened a damaged index", ro)
		}
		if !strings.Contains(err.Error(), "run `ingest index` again") {
			t.Errorf("read-only=%v: %v", ro, err)
		}
	}
}

// A crash between the metadata commit and bleve's batch leaves the
// metadata one generation ahead: the next writer rolls it back, so the
// dedup state never names articles the index does not hold.
func TestMetaRollsBackUnfinishedBatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(Batch{Put: []Article{{ID: "a", Source: "a.txt", Text: "one"}}, SetMeta: map[string][]byte{"k": []byte("v1"), "gone": []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	// The metadata half of a second batch, as if the process died before
	// bleve wrote the other half.
	if err := ix.meta.commit(ix.gen+1, map[string][]byte{"k": []byte("v2"), "new": []byte("n"), "gone": nil}, nil); err != nil {
		t.Fatal(err)
	}
	ix = reopen(t, ix)
	defer ix.Close()
	for k, want := range map[string]string{"k": "v1", "new": "", "gone": "x"} {
		got, err := ix.Meta(k)
		if err != nil || string(got) != want {
			t.Errorf("Meta(%q) = %q, %v; want %q", k, got, err, want)
		}
	}
	if err := ix.Apply(Batch{SetMeta: map[string][]byte{"k": []byte("v3")}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Meta("k"); string(got) != "v3" {
		t.Errorf("after a new batch: %q", got)
	}
}

// Text reads back what was stored, and names a missing ID as ErrNoDoc.
func TestTextReadsStoredText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 2, 2)
	ix, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, err := ix.Text("a1-0")
	if err != nil || got != "Officials in Kabul said a1-0" {
		t.Errorf("Text(a1-0) = %q, %v", got, err)
	}
	if _, err := ix.Text("a9-9"); !errors.Is(err, ErrNoDoc) {
		t.Errorf("Text of a missing ID: %v, want ErrNoDoc", err)
	}
}
