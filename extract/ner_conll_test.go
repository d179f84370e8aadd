package extract_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/eval"
	"github.com/ingest-news/ingest/extract"
	// Defines -update, so that `go test ./... -update` runs this package
	// too; it has no snapshots of its own.
	_ "github.com/ingest-news/ingest/internal/golden"
)

// The CoNLL measurement is opt-in so that routine test runs do not score
// the development set again and again:
//
//	go test ./extract -run NERCoNLL -v -args -ner.conll=eng.testa
var nerConll = flag.String("ner.conll", "", "CoNLL-2003 file under ../shared/data/conll2003 to score the tagger on")

func TestNERCoNLL(t *testing.T) {
	if *nerConll == "" {
		t.Skip("set -ner.conll=eng.testa to score the tagger")
	}
	path := filepath.Join("../../shared/data/conll2003", *nerConll)
	if _, err := os.Stat(path); err != nil {
		t.Skip("CoNLL-2003 data absent:", err)
	}
	tg, err := extract.LoadTagger()
	if err != nil {
		t.Fatal(err)
	}
	res, err := eval.CoNLL(path, tg.Tag)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d docs, %d sentences, %d tokens", *nerConll, res.Docs, res.Sentences, res.Tokens)
	for _, typ := range []string{"PER", "ORG", "LOC", "MISC"} {
		s := res.PerType[typ]
		t.Logf("%-4s P %.4f R %.4f F1 %.4f %+v", typ, s.Precision(), s.Recall(), s.F1(), s)
	}
	o := res.Overall
	t.Logf("PER+ORG+LOC P %.4f R %.4f F1 %.4f %+v", o.Precision(), o.Recall(), o.F1(), o)
}

// BenchmarkNERTagBBC tags the BBC News corpus, one article per call.
func BenchmarkNERTagBBC(b *testing.B) {
	files, _ := filepath.Glob("../../shared/data/bbc-news/bbc/*/*.txt")
	if len(files) == 0 {
		b.Skip("BBC corpus absent (../shared/data/bbc-news/bbc)")
	}
	var texts []string
	size := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, strings.ToValidUTF8(string(data), "\uFFFD"))
		size += len(data)
	}
	tg, err := extract.LoadTagger()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, s := range texts {
			tg.Tag(s)
		}
	}
}
