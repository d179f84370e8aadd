package reader

import (
	"errors"
	"strings"
	"testing"
)

// TestReadJSONLLineLimit holds a line to MaxLineBytes whether or not a
// newline ends it: found by FuzzReadJSONL, where a last line one byte over
// the limit was read because its missing newline was counted as a byte.
func TestReadJSONLLineLimit(t *testing.T) {
	const max = 40
	over := `{"text":"` + strings.Repeat("x", max-10) + `"}` // max+1 bytes
	at := over[:len(over)-3] + `"}`                          // max bytes
	if len(over) != max+1 || len(at) != max {
		t.Fatalf("bad fixture lengths %d, %d", len(over), len(at))
	}
	cases := []struct {
		data    string
		tooLong []bool // per emitted result
	}{
		{over, []bool{true}},
		{over + "\n", []bool{true}},
		{over + "\r\n", []bool{true}},
		{at, []bool{false}},
		{at + "\n", []bool{false}},
		{at + "\n" + over, []bool{false, true}},
		{over + "\n" + at, []bool{true, false}},
	}
	for _, c := range cases {
		var got []bool
		err := ReadJSONL(strings.NewReader(c.data), "f.jsonl", Options{MaxLineBytes: max}, func(a Article, err error) {
			if err != nil && !errors.Is(err, ErrTooLarge) {
				t.Errorf("%q: unexpected error %v", c.data, err)
			}
			got = append(got, errors.Is(err, ErrTooLarge))
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(c.tooLong) {
			t.Errorf("%q: %d results, want %d", c.data, len(got), len(c.tooLong))
			continue
		}
		for i := range got {
			if got[i] != c.tooLong[i] {
				t.Errorf("%q: result %d too large %v, want %v", c.data, i, got[i], c.tooLong[i])
			}
		}
	}
}
