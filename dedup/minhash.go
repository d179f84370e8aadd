package dedup

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// wordSeq is a text's words as shingles are made of them: lowercased,
// each followed by a 0 byte, in one buffer; ends[i] is the offset just
// past word i's 0. Digits all read as 0, so that an update that changes
// a figure ("300 fighters" to "350 fighters") still shares its shingles;
// punctuation, case, spacing and markup left by HTML conversion do not
// count.
type wordSeq struct {
	buf  []byte
	ends []int32
}

// words splits text into its words. One buffer rather than a string per
// word: dedup splits every article and every candidate it verifies.
func words(text string) wordSeq {
	ws := wordSeq{buf: make([]byte, 0, len(text)+len(text)/4)}
	for i := 0; i < len(text); {
		c := text[i]
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case '0' <= r && r <= '9':
			ws.buf = append(ws.buf, '0')
		case 'a' <= r && r <= 'z':
			ws.buf = append(ws.buf, byte(r))
		case 'A' <= r && r <= 'Z':
			ws.buf = append(ws.buf, byte(r)+'a'-'A')
		case r < utf8.RuneSelf && r != '\'':
			ws.end()
		case unicode.IsDigit(r):
			ws.buf = append(ws.buf, '0')
		case unicode.IsLetter(r):
			ws.buf = utf8.AppendRune(ws.buf, unicode.ToLower(r))
		case r == '\'' || r == '’':
			// "Russia's" and "Russias" are the same word to a copy editor.
		default:
			ws.end()
		}
	}
	ws.end()
	return ws
}

// end closes the word under way, if any: bytes after the last word's 0.
func (ws *wordSeq) end() {
	last := int32(0)
	if n := len(ws.ends); n > 0 {
		last = ws.ends[n-1]
	}
	if int(last) < len(ws.buf) {
		ws.buf = append(ws.buf, 0)
		ws.ends = append(ws.ends, int32(len(ws.buf)))
	}
}

// len is the number of words.
func (ws wordSeq) len() int { return len(ws.ends) }

// span returns words i to j-1, each followed by its 0.
func (ws wordSeq) span(i, j int) []byte {
	lo := int32(0)
	if i > 0 {
		lo = ws.ends[i-1]
	}
	return ws.buf[lo:ws.ends[j-1]]
}

// shingleSet is a set of shingle hashes, sorted.
type shingleSet []uint64

// shingles hashes each run of k consecutive words (each followed by a 0
// byte); a text shorter than k words is one shingle of all its words.
func shingles(ws wordSeq, k int) shingleSet {
	n := ws.len()
	if n == 0 {
		return shingleSet{}
	}
	k = min(k, n)
	set := make(shingleSet, 0, n-k+1)
	for i := 0; i+k <= n; i++ {
		set = append(set, xxhash.Sum64(ws.span(i, i+k)))
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// similarity is what verification measures of a candidate pair: Jaccard
// of the shingle sets, and containment of the smaller in the larger,
// which stays high for a re-post with paragraphs added or cut.
func similarity(a, b shingleSet) (jaccard, containment float64) {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0, 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
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
func signature(set shingleSet, seeds [][2]uint64) []uint64 {
	sig := make([]uint64, len(seeds))
	// Four permutations at a time over the whole set keep their minima in
	// registers, in four independent chains; a shingle at a time over the
	// permutations wrote every minimum back to memory.
	i := 0
	for ; i+4 <= len(seeds); i += 4 {
		ab := seeds[i : i+4]
		m0, m1, m2, m3 := ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)
		for _, s := range set {
			m0 = min(m0, ab[0][0]*s+ab[0][1])
			m1 = min(m1, ab[1][0]*s+ab[1][1])
			m2 = min(m2, ab[2][0]*s+ab[2][1])
			m3 = min(m3, ab[3][0]*s+ab[3][1])
		}
		sig[i], sig[i+1], sig[i+2], sig[i+3] = m0, m1, m2, m3
	}
	for ; i < len(seeds); i++ {
		m := ^uint64(0)
		for _, s := range set {
			m = min(m, seeds[i][0]*s+seeds[i][1])
		}
		sig[i] = m
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
