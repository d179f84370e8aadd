package dedup

import (
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// words splits text into the lowercased words that shingles are made of.
// Digits all read as 0, so that an update that changes a figure ("300
// fighters" to "350 fighters") still shares its shingles; punctuation,
// case, spacing and markup left by HTML conversion do not count.
func words(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('0')
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "Russia's" and "Russias" are the same word to a copy editor.
		default:
			flush()
		}
	}
	flush()
	return out
}

// shingles hashes each run of k consecutive words; a text shorter than k
// words is one shingle of all its words. The result is a set.
func shingles(ws []string, k int) map[uint64]struct{} {
	set := make(map[uint64]struct{}, len(ws))
	if len(ws) == 0 {
		return set
	}
	if len(ws) < k {
		k = len(ws)
	}
	var h xxhash.Digest
	for i := 0; i+k <= len(ws); i++ {
		h.Reset()
		for _, w := range ws[i : i+k] {
			h.WriteString(w)
			h.Write([]byte{0})
		}
		set[h.Sum64()] = struct{}{}
	}
	return set
}

// similarity is what verification measures of a candidate pair: Jaccard
// of the shingle sets, and containment of the smaller in the larger,
// which stays high for a re-post with paragraphs added or cut.
func similarity(a, b map[uint64]struct{}) (jaccard, containment float64) {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0, 0
	}
	inter := 0
	for s := range a {
		if _, ok := b[s]; ok {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	return float64(inter) / float64(union), float64(inter) / float64(len(a))
}

// hashSeeds are the fixed parameters of the MinHash permutations, drawn
// from splitmix64 from a fixed start so that signatures persist across
// runs and versions.
func hashSeeds(n int) [][2]uint64 {
	seeds := make([][2]uint64, n)
	state := uint64(0x6a09e667f3bcc908)
	next := func() uint64 {
		state += 0x9e3779b97f4a7c15
		z := state
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		return z ^ (z >> 31)
	}
	for i := range seeds {
		seeds[i] = [2]uint64{next() | 1, next()}
	}
	return seeds
}

// signature is the MinHash of a shingle set: for each permutation
// h(x) = a*x + b (mod 2^64, a odd), the minimum over the set.
func signature(set map[uint64]struct{}, seeds [][2]uint64) []uint64 {
	sig := make([]uint64, len(seeds))
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for s := range set {
		for i, ab := range seeds {
			if v := ab[0]*s + ab[1]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// bandKeys hashes each band of rows signature values into one key, the
// LSH buckets the article falls in.
func bandKeys(sig []uint64, rows int) []uint64 {
	keys := make([]uint64, 0, len(sig)/rows)
	buf := make([]byte, 8*rows+1)
	for band := 0; band+rows <= len(sig); band += rows {
		buf[0] = byte(band / rows)
		for j := 0; j < rows; j++ {
			binary.LittleEndian.PutUint64(buf[1+8*j:], sig[band+j])
		}
		keys = append(keys, xxhash.Sum64(buf))
	}
	return keys
}
