package dedup

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// sketchPair returns the sketches of two random shingle sets of sizes a
// and b sharing inter shingles.
func sketchPair(r *rand.Rand, seeds [][2]uint64, a, b, inter int) (sa, sb []byte) {
	common := make(shingleSet, inter)
	for i := range common {
		common[i] = r.Uint64()
	}
	set := func(n int) []byte {
		s := append(shingleSet{}, common...)
		for len(s) < n {
			s = append(s, r.Uint64())
		}
		return sketchOf(len(s), signature(s, seeds))
	}
	return set(a), set(b)
}

// TestSketchKeepsPairsAtThreshold checks the bound on random sets: pairs
// that reach the threshold exactly are never ruled out, by Jaccard or by
// containment, whatever their sizes, while pairs with a few shingles in
// common are, nearly always.
func TestSketchKeepsPairsAtThreshold(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seeds := hashSeeds(128)
	const t0, minSh = 0.6, 40
	cases := []struct {
		name     string
		a, b, in int
		maxOut   float64 // the largest fraction that may be ruled out
		minOut   float64
	}{
		{"equal sizes, containment 0.6 (Jaccard 0.43)", 300, 300, 180, 0, 0},
		{"a third the size, containment 0.6", 100, 300, 60, 0, 0},
		{"short, Jaccard 0.6", 30, 30, 23, 0, 0},
		{"equal sizes, 30 shingles shared (Jaccard 0.05)", 300, 300, 30, 1, 0.99},
		{"equal sizes, Jaccard 0.11", 300, 300, 60, 1, 0.8},
	}
	for _, c := range cases {
		const pairs = 2000
		out := 0
		for range pairs {
			sa, sb := sketchPair(r, seeds, c.a, c.b, c.in)
			if sketchRulesOut(sa, sb, t0, minSh) {
				out++
			}
		}
		f := float64(out) / pairs
		if f > c.maxOut || f < c.minOut {
			t.Errorf("%s: %.4f of %d pairs ruled out, want %.2f to %.2f", c.name, f, pairs, c.minOut, c.maxOut)
		}
	}
}

// TestSketchBounds checks the table against the binomial distribution
// computed another way (log-gamma): each bound is the largest count whose
// lower tail is within sketchMissRate.
func TestSketchBounds(t *testing.T) {
	tail := func(k int, p float64) float64 {
		s := 0.0
		for i := 0; i <= k; i++ {
			lc, _ := math.Lgamma(129)
			a, _ := math.Lgamma(float64(i + 1))
			b, _ := math.Lgamma(float64(128 - i + 1))
			s += math.Exp(lc - a - b + float64(i)*math.Log(p) + float64(128-i)*math.Log1p(-p))
		}
		return s
	}
	bounds := sketchBounds()
	if bounds[0] != -1 {
		t.Errorf("Jaccard 0: bound %d, want -1", bounds[0])
	}
	for _, i := range []int{50, 100, 250, 428, 600, 900} {
		p, k := float64(i)/sketchGrid, bounds[i]
		if k >= 0 && tail(k, p) > sketchMissRate {
			t.Errorf("Jaccard %.3f: P(X <= %d) = %.3g, above %g", p, k, tail(k, p), sketchMissRate)
		}
		if tail(k+1, p) <= sketchMissRate {
			t.Errorf("Jaccard %.3f: bound %d is not the largest", p, k)
		}
	}
	for i := 1; i < len(bounds); i++ {
		if bounds[i] < bounds[i-1] {
			t.Fatalf("bounds fall from %d to %d at %d", bounds[i-1], bounds[i], i)
		}
	}
}

// TestSketchSkipsVerification checks that Add reads the sketch of a
// candidate's ordinal: a near copy is verified and merged; when its
// source's sketch is replaced by one that agrees nowhere, it is ruled
// out without reading the text; without a sketch (state of an earlier
// version), it is verified as before.
func TestSketchSkipsVerification(t *testing.T) {
	copyText := strings.Replace(story, "growing", "rising", 1)
	for _, tc := range []struct {
		name          string
		sketch        func([]byte) []byte
		verified      int
		ruledOut      int
		wantDuplicate bool
	}{
		{"own sketch", func(b []byte) []byte { return b }, 1, 0, true},
		{"sketch agreeing nowhere", func(b []byte) []byte {
			c := append([]byte{}, b...)
			for i := 4; i < len(c); i++ {
				c[i] ^= 0xff
			}
			return c
		}, 0, 1, false},
		{"no sketch", func([]byte) []byte { return nil }, 1, 0, true},
	} {
		st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
		x := New(st, Options{})
		v, err := x.Add(Article{ID: "a", Text: story})
		if err != nil {
			t.Fatal(err)
		}
		st.persist(x, "a", story, v)
		k := keySketch + ordKey(0)
		if st.meta[k] == nil {
			t.Fatalf("%s: no sketch stored under %s", tc.name, k)
		}
		if s := tc.sketch(st.meta[k]); s == nil {
			delete(st.meta, k)
		} else {
			st.meta[k] = s
		}
		x = New(st, Options{})
		v, err = x.Add(Article{ID: "b", Text: copyText})
		if err != nil {
			t.Fatal(err)
		}
		if x.work.verified != tc.verified || x.work.ruledOut != tc.ruledOut || (v.DupOf == "a") != tc.wantDuplicate {
			t.Errorf("%s: verified %d, ruled out %d, duplicate of %q; want %d, %d, duplicate %v",
				tc.name, x.work.verified, x.work.ruledOut, v.DupOf, tc.verified, tc.ruledOut, tc.wantDuplicate)
		}
	}
}
