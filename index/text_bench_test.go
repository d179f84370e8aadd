package index

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ingest-news/ingest/extract"
)

// BenchmarkText reads articles' stored text back as dedup does for each
// candidate it verifies: Text, against Get (search by ID, record
// decoded), which Text used before, on an index of 2,000 copies of a seed article with its extraction.
func BenchmarkText(b *testing.B) {
	path := filepath.Join(b.TempDir(), "ix")
	ix, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	const n = 2000
	seed, err := os.ReadFile(filepath.Join("..", "seeds", "000_a70ea9993960b450.txt"))
	if err != nil {
		b.Fatal(err)
	}
	body := string(seed)
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	res := x.Extract(body, time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC))
	for lo := 0; lo < n; lo += 250 {
		var put []Article
		for i := lo; i < lo+250; i++ {
			id := fmt.Sprintf("a%d", i)
			a := Article{ID: id, Source: id + ".txt", Title: "Kabul " + id, Text: body + id}
			a.Extraction = res
			put = append(put, a)
		}
		if err := ix.Apply(Batch{Put: put}); err != nil {
			b.Fatal(err)
		}
	}
	read := map[string]func(string) (string, error){
		"text": ix.Text,
		"get": func(id string) (string, error) {
			a, err := ix.Get(id)
			return a.Text, err
		},
	}
	for _, name := range []string{"text", "get"} {
		b.Run(name, func(b *testing.B) {
			f := read[name]
			for i := 0; b.Loop(); i++ {
				id := fmt.Sprintf("a%d", i*7919%n)
				t, err := f(id)
				if err != nil || !strings.HasSuffix(t, id) {
					b.Fatalf("%s: %q, %v", id, t[max(0, len(t)-10):], err)
				}
			}
		})
	}
}
