package corpus

import (
	"fmt"
	"strings"
	"testing"
)

// testBase is a small base whose sentences recur across many generated
// articles, as the BBC corpus's do at 100,000.
func testBase() []string {
	var base []string
	for a := 0; a < 4; a++ {
		var b strings.Builder
		for p := 0; p < 3; p++ {
			for s := 0; s < 4; s++ {
				fmt.Fprintf(&b, "Article %d paragraph %d sentence %d says that the minister met %d officials in the capital on Monday. ", a, p, s, 10*a+s)
			}
			b.WriteString("\n\n")
		}
		base = append(base, b.String())
	}
	return base
}

func shingleSet(text string) map[string]bool {
	ws := strings.Fields(strings.ToLower(text))
	out := map[string]bool{}
	for i := 0; i+5 <= len(ws); i++ {
		out[strings.Join(ws[i:i+5], " ")] = true
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	n := 0
	for s := range a {
		if b[s] {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

func TestRewordKeepsDistinctArticlesApart(t *testing.T) {
	for _, reword := range []bool{false, true} {
		var distinct []map[string]bool
		copies := 0
		Generate(testBase(), 300, Options{Seed: 3, Reword: reword}, func(i int, a Article) bool {
			if a.DupOf >= 0 {
				copies++
				if a.DupOf >= i {
					t.Errorf("article %d copies a later one, %d", i, a.DupOf)
				}
				return true
			}
			distinct = append(distinct, shingleSet(a.Text))
			return true
		})
		if copies < 30 || copies > 90 {
			t.Errorf("reword=%v: %d copies in 300, want about a fifth", reword, copies)
		}
		worst := 0.0
		for i := range distinct {
			for j := i + 1; j < len(distinct); j++ {
				worst = max(worst, jaccard(distinct[i], distinct[j]))
			}
		}
		// Sixteen sentences drawn from 48: without rewording, two distinct
		// articles share several sentences; with it, next to nothing.
		if reword && worst > 0.1 {
			t.Errorf("reworded distinct articles overlap up to Jaccard %.2f", worst)
		}
		if !reword && worst < 0.2 {
			t.Errorf("without rewording the most similar distinct pair has Jaccard %.2f; the test base no longer recurs", worst)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	collect := func() []string {
		var out []string
		Generate(testBase(), 50, Options{Seed: 9, Reword: true}, func(_ int, a Article) bool {
			out = append(out, a.Text)
			return true
		})
		return out
	}
	a, b := collect(), collect()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("article %d differs between two runs with one seed", i)
		}
	}
}

func TestSizes(t *testing.T) {
	def := []int{10, 20}
	for _, tc := range []struct {
		env  string
		want string
	}{{"", "[10 20]"}, {"5", "[5]"}, {"100, 300000", "[100 300000]"}} {
		got, err := Sizes(tc.env, def)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("Sizes(%q) = %v, %v; want %s", tc.env, got, err, tc.want)
		}
	}
	for _, bad := range []string{"x", "10,,20", "0", "-5"} {
		if _, err := Sizes(bad, def); err == nil {
			t.Errorf("Sizes(%q) took it", bad)
		}
	}
}
