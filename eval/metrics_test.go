package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/internal/golden"
)

// TestMetricsGolden keeps testdata/golden/metrics.txt equal to what
// `ingest eval` scores now, so that every change that moves accuracy shows
// in review. Without ../shared/data only the seeds section is compared
// (and rewritten by -update).
func TestMetricsGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("scoring every gold set takes seconds; skipped with -short")
	}
	root := golden.Root()
	data := filepath.Join(root, "..", "shared", "data")
	haveData := true
	if _, err := os.Stat(data); err != nil {
		haveData = false
	}
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Root: root}
	if haveData {
		opts.Data = data
	}
	rep, err := Run(x, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep.WriteText(&buf)
	if haveData {
		golden.Check(t, "metrics.txt", buf.Bytes())
		return
	}
	// The seeds section runs up to the first blank line.
	seeds := func(s string) string { head, _, _ := strings.Cut(s, "\n\n"); return head }
	old, _ := os.ReadFile(golden.Path("metrics.txt"))
	_, rest, _ := strings.Cut(string(old), "\n\n")
	t.Logf("%s is absent: comparing the seeds section of metrics.txt only", data)
	golden.Check(t, "metrics.txt", []byte(seeds(buf.String())+"\n\n"+rest))
}
