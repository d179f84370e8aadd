package dedup

import (
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/cespare/xxhash/v2"
)

// The band hashes that an index keeps depend on the exact bytes each
// shingle hashes; these tests hold words, shingles and fingerprints to
// their definition, written out word by word, so that a faster split
// cannot change them.

// refWords is the definition of words: a string per word.
func refWords(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('0')
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
		default:
			flush()
		}
	}
	flush()
	return out
}

// refShingles hashes each run of k words, each followed by a 0 byte.
func refShingles(ws []string, k int) []uint64 {
	if len(ws) == 0 {
		return []uint64{}
	}
	k = min(k, len(ws))
	set := map[uint64]bool{}
	for i := 0; i+k <= len(ws); i++ {
		h := xxhash.New()
		for _, w := range ws[i : i+k] {
			h.WriteString(w)
			h.Write([]byte{0})
		}
		set[h.Sum64()] = true
	}
	out := make([]uint64, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func refFingerprint(ws []string) string {
	h := xxhash.New()
	for _, w := range ws {
		h.WriteString(w)
		h.Write([]byte{' '})
	}
	var b [8]byte
	sum := h.Sum64()
	for i := range b {
		b[i] = byte(sum >> (56 - 8*i))
	}
	return hex.EncodeToString(b[:])
}

func checkWords(t *testing.T, name, text string) {
	t.Helper()
	want := refWords(text)
	ws := words(text)
	got := make([]string, ws.len())
	for i := range got {
		got[i] = strings.TrimSuffix(string(ws.span(i, i+1)), "\x00")
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: words differ from their definition:\n got %q\nwant %q", name, got, want)
		return
	}
	for _, k := range []int{1, 3, 5} {
		if got, want := shingles(ws, k), refShingles(want, k); !slices.Equal(got, want) {
			t.Errorf("%s: %d-shingles differ from their definition", name, k)
		}
	}
	if got, want := fingerprint(ws), refFingerprint(want); got != want {
		t.Errorf("%s: fingerprint %s, want %s", name, got, want)
	}
}

func TestWordsAsDefined(t *testing.T) {
	for i, text := range []string{
		"", "   ", "Kabul", "a b", "one two three four five six",
		"Russia's FOREIGN Ministry said 5,000 to 7,000 fighters — ISIS-K — were in Kunduz.",
		"Ünïcödé ΑΘΗΝΑ straße İstanbul ½ ٣ 𝟘 l’Europe rock'n'roll\tend\n",
		"\xff\xfe broken \xc3 utf-8", "tail'", story,
	} {
		checkWords(t, string(rune('A'+i)), text)
	}
}

func TestWordsAsDefinedBBC(t *testing.T) {
	names, texts := bbcCorpus(t)
	for _, n := range names {
		checkWords(t, n, texts[n])
	}
}

func FuzzWordsAsDefined(f *testing.F) {
	f.Add("Russia's Foreign Ministry: 5,000–7,000 fighters")
	f.Add("ÅSA İ ß ǅ 12½")
	f.Fuzz(func(t *testing.T, text string) {
		checkWords(t, "fuzz", text)
	})
}

// BenchmarkShingles splits and shingles the BBC articles, as dedup does
// for each article and each candidate it verifies: words and shingles,
// against the definition above building the map of hashes that dedup
// kept before ("by-word").
func BenchmarkShingles(b *testing.B) {
	names, texts := bbcCorpus(b)
	var size int64
	for _, n := range names {
		size += int64(len(texts[n]))
	}
	b.Run("words", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, n := range names {
				shingles(words(texts[n]), 5)
			}
		}
	})
	b.Run("by-word", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, n := range names {
				ws := refWords(texts[n])
				set := make(map[uint64]struct{}, len(ws))
				for i := 0; i+5 <= len(ws); i++ {
					h := xxhash.New()
					for _, w := range ws[i : i+5] {
						h.WriteString(w)
						h.Write([]byte{0})
					}
					set[h.Sum64()] = struct{}{}
				}
			}
		}
	})
}

// sigByShingle is the MinHash signature taken a shingle at a time over
// the permutations, the order signature used before.
func sigByShingle(set shingleSet, seeds [][2]uint64) []uint64 {
	sig := make([]uint64, len(seeds))
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, s := range set {
		for i, ab := range seeds {
			if v := ab[0]*s + ab[1]; v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// TestSignature compares signature with sigByShingle, for signature
// lengths that are and are not multiples of four.
func TestSignature(t *testing.T) {
	for _, n := range []int{128, 130, 3} {
		seeds := hashSeeds(n)
		for _, text := range []string{"", "one", "the quick brown fox jumps over the lazy dog and the cat", strings.Repeat("a b c d e f ", 200)} {
			set := shingles(words(text), 5)
			if got, want := signature(set, seeds), sigByShingle(set, seeds); !slices.Equal(got, want) {
				t.Errorf("%d hashes, %.20q: signature %v, want %v", n, text, got, want)
			}
		}
	}
}

// BenchmarkSignature takes the MinHash signatures of the BBC articles'
// shingle sets, as dedup does for every article, against the order of
// the loops before ("by-shingle").
func BenchmarkSignature(b *testing.B) {
	names, texts := bbcCorpus(b)
	var size int64
	var sets []shingleSet
	for _, n := range names {
		size += int64(len(texts[n]))
		sets = append(sets, shingles(words(texts[n]), 5))
	}
	seeds := hashSeeds(128)
	for _, v := range []struct {
		name string
		sig  func(shingleSet, [][2]uint64) []uint64
	}{{"by-permutation", signature}, {"by-shingle", sigByShingle}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				for _, s := range sets {
					v.sig(s, seeds)
				}
			}
		})
	}
}
