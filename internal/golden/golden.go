// Package golden compares test output with snapshots under
// testdata/golden and rewrites them when tests run with -update:
//
//	go test ./... -update
//
// Every package with tests imports it, so that the flag is defined in
// every test binary that `go test ./... -update` starts.
package golden

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Update is the -update flag: rewrite snapshots instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files under testdata/golden instead of comparing")

// Root is the repository root, found from this file's location, so that
// tests in any package reach testdata/ and seeds/.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Path is a file under testdata/golden.
func Path(name string) string {
	return filepath.Join(Root(), "testdata", "golden", name)
}

// Check compares got with the golden file name (under testdata/golden),
// or rewrites the file with -update. A mismatch fails t with a line diff
// and the command that refreshes the snapshot.
func Check(t testing.TB, name string, got []byte) {
	t.Helper()
	path := Path(name)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v\nto create it: go test ./... -update", err)
	}
	if string(want) == string(got) {
		return
	}
	t.Errorf("output differs from testdata/golden/%s (- golden, + now):\n%s\nif the change is intended: go test ./... -update", name, Diff(string(want), string(got)))
}

// Diff is a line diff of a and b: the lines only in a prefixed "-",
// those only in b "+", with a line of context around each change.
func Diff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	// Longest common subsequence table, from the end.
	lcs := make([][]int, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type line struct {
		op   byte
		text string
	}
	var lines []line
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			lines = append(lines, line{' ', x[i]})
			i, j = i+1, j+1
		case j < len(y) && (i == len(x) || lcs[i][j+1] >= lcs[i+1][j]):
			lines = append(lines, line{'+', y[j]})
			j++
		default:
			lines = append(lines, line{'-', x[i]})
			i++
		}
	}
	var out strings.Builder
	shown := -1
	for k, l := range lines {
		near := false
		for d := -1; d <= 1; d++ {
			if k+d >= 0 && k+d < len(lines) && lines[k+d].op != ' ' {
				near = true
			}
		}
		if !near {
			continue
		}
		if shown >= 0 && k > shown+1 {
			out.WriteString("   ...\n")
		}
		fmt.Fprintf(&out, "%c %s\n", l.op, l.text)
		shown = k
	}
	return out.String()
}
