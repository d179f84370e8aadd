package index

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func checkText(t *testing.T, ix *Index, id, want string) {
	t.Helper()
	if got, err := ix.Text(id); err != nil || got != want {
		t.Errorf("Text(%s) = %q, %v; want %q", id, got, err, want)
	}
}

// The writer reads texts from the file of texts: damage there shows.
func TestTextsReadFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 2, 3)
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	checkText(t, ix, "a1-2", "Officials in Kabul said a1-2")
	st, err := os.Stat(filepath.Join(path, textFile))
	if err != nil || st.Size() != ix.texts.end.Load() || st.Size() == 0 {
		t.Fatalf("text file: %v, %v; committed length %d", st, err, ix.texts.end.Load())
	}
	if _, err := ix.texts.f.WriteAt(make([]byte, st.Size()), 0); err != nil {
		t.Fatal(err)
	}
	if got, err := ix.Text("a1-2"); err == nil && got == "Officials in Kabul said a1-2" {
		t.Errorf("Text(a1-2) read %q from a zeroed file of texts", got)
	}
}

// Texts of a batch that never committed are cut off by the next writer,
// and a later batch's texts read back.
func TestTextsUncommittedTailCut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	writeArticles(t, path, 1, 2)
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	committed := ix.texts.end.Load()
	// The texts of a batch whose metadata never committed.
	if _, err := ix.texts.append([]Article{{ID: "lost", Text: "never committed"}}, map[string][]byte{}); err != nil {
		t.Fatal(err)
	}
	ix = reopen(t, ix)
	defer ix.Close()
	if st, err := os.Stat(filepath.Join(path, textFile)); err != nil || st.Size() != committed {
		t.Fatalf("text file after reopening: %v, %v; want %d bytes", st, err, committed)
	}
	if err := ix.Apply(Batch{Put: []Article{{ID: "b", Source: "b.txt", Text: "Later text"}}}); err != nil {
		t.Fatal(err)
	}
	checkText(t, ix, "b", "Later text")
	checkText(t, ix, "a0-1", "Officials in Kabul said a0-1")
	if _, err := ix.Text("lost"); !errors.Is(err, ErrNoDoc) {
		t.Errorf("Text of the uncommitted article: %v, want ErrNoDoc", err)
	}
}

// A deleted article's text is gone, with the record of its place.
func TestTextOfDeleted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(Batch{Put: []Article{{ID: "new", Source: "new.txt", Text: "New text"}}}); err != nil {
		t.Fatal(err)
	}
	checkText(t, ix, "new", "New text")
	if err := ix.Apply(Batch{Delete: []string{"new"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Text("new"); !errors.Is(err, ErrNoDoc) {
		t.Errorf("Text of a deleted article: %v, want ErrNoDoc", err)
	}
	if loc, _ := ix.Meta(textKey("new")); loc != nil {
		t.Errorf("the deleted article's text place is still recorded")
	}
}
