package extract

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// nerTestTagger loads the embedded model once for all tests.
var nerTestTagger = sync.OnceValues(LoadTagger)

func nerWords(text string, abbrev func(string) bool) []string {
	toks, _ := nerTokenize(text, abbrev)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = text[t.start:t.end]
	}
	return out
}

func TestNERTokenize(t *testing.T) {
	abbrev := func(w string) bool { return w == "Mr." || w == "Corp." }
	tests := []struct {
		in   string
		want []string
	}{
		{"Tehrik-e-Taliban and IS-KP attacked.", []string{"Tehrik-e-Taliban", "and", "IS-KP", "attacked", "."}},
		{"Afghanistan—more than", []string{"Afghanistan", "—", "more", "than"}},
		{"in 2021–2022 only", []string{"in", "2021", "–", "2022", "only"}},
		{"Russia’s army and Iran's", []string{"Russia", "’s", "army", "and", "Iran", "'s"}},
		{"the U.S. said", []string{"the", "U.S.", "said"}},
		{"5,000 fighters, 1.5 million", []string{"5,000", "fighters", ",", "1.5", "million"}},
		{"Mr. Smith of Acme Corp. left.", []string{"Mr.", "Smith", "of", "Acme", "Corp.", "left", "."}},
		{"He left. She stayed", []string{"He", "left", ".", "She", "stayed"}},
		{"Clinton 's aide do n't", []string{"Clinton", "'s", "aide", "do", "n't"}},
		{"(Reuters) - \"Hi\"", []string{"(", "Reuters", ")", "-", "\"", "Hi", "\""}},
		{"wait... what", []string{"wait", "...", "what"}},
		{"AT&T and O'Neill", []string{"AT&T", "and", "O'Neill"}},
	}
	for _, tt := range tests {
		if got := nerWords(tt.in, abbrev); !slices.Equal(got, tt.want) {
			t.Errorf("nerTokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNERSentences(t *testing.T) {
	text := "He left. She stayed!\nNew line \"quoted.\" Last"
	toks, ends := nerTokenize(text, nil)
	var sents []string
	start := 0
	for _, e := range ends {
		sents = append(sents, text[toks[start].start:toks[e-1].end])
		start = e
	}
	want := []string{"He left.", "She stayed!", "New line \"quoted.\"", "Last"}
	if !slices.Equal(sents, want) {
		t.Errorf("sentences = %q, want %q", sents, want)
	}
}

// TestNERTokenizeCoNLL checks that CoNLL tokens joined by spaces come back
// unchanged, which is what lets the model trained on them tag raw text.
func TestNERTokenizeCoNLL(t *testing.T) {
	f, err := os.Open("../../shared/data/conll2003/eng.train")
	if err != nil {
		t.Skip("CoNLL-2003 data absent (../shared/data/conll2003):", err)
	}
	defer f.Close()
	docs, err := nerReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	bad, total := 0, 0
	for _, d := range docs {
		start := 0
		for _, end := range d.ends {
			words := d.words[start:end]
			start = end
			total++
			got := nerWords(strings.Join(words, " "), tg.abbrev)
			if !slices.Equal(got, words) {
				if bad < 5 {
					t.Logf("%q -> %q", words, got)
				}
				bad++
			}
		}
	}
	t.Logf("%d of %d sentences tokenised differently", bad, total)
	if bad*100 > total {
		t.Errorf("%d of %d sentences tokenised differently, want under 1%%", bad, total)
	}
}

func TestNERTagger(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	text := "Andrey Belousov met officials in Moscow."
	got := tg.Tag(text)
	has := func(typ, s string) bool {
		for _, e := range got {
			if e.Type == typ && e.Text == s {
				return true
			}
		}
		return false
	}
	if !has(Person, "Andrey Belousov") || !has(GPE, "Moscow") {
		t.Errorf("Tag(%q) = %+v, want PERSON Andrey Belousov and GPE Moscow", text, got)
	}
	if got := tg.Tag(""); len(got) != 0 {
		t.Errorf("Tag(\"\") = %+v, want nothing", got)
	}
}

// TestNERSeedsOffsets checks the offset invariants on the seed articles.
func TestNERSeedsOffsets(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Skip("no seed articles in ../seeds")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		ents := tg.Tag(text)
		if len(ents) == 0 {
			t.Errorf("%s: no entities", name)
		}
		end := 0
		for _, e := range ents {
			if e.Start < end || e.Start >= e.End || e.End > len(text) {
				t.Errorf("%s: %+v overlaps, is empty or out of range (previous end %d)", name, e, end)
				continue
			}
			if text[e.Start:e.End] != e.Text {
				t.Errorf("%s: text[%d:%d] = %q, entity says %q", name, e.Start, e.End, text[e.Start:e.End], e.Text)
			}
			if e.Rule != "ner" || e.Canonical != "" {
				t.Errorf("%s: %+v: want rule ner and no canonical", name, e)
			}
			switch e.Type {
			case Person, Org, GPE, NORP:
			default:
				t.Errorf("%s: %+v: unexpected type", name, e)
			}
			end = e.End
		}
	}
}

func TestNERModelRoundTrip(t *testing.T) {
	m, err := nerDecode(nerModelData)
	if err != nil {
		t.Fatal(err)
	}
	q := &nerQuantized{common: m.common, gaz: m.gaz, stages: []*nerQStage{{feats: map[uint64][nerLabels]int16{}}}}
	for a := range m.abbrev {
		q.abbrev = append(q.abbrev, a)
	}
	if _, err := nerDecode(nerModelData[:len(nerModelData)/2]); err == nil {
		t.Error("decoding a truncated model succeeded")
	}
	data, err := q.encode()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := nerDecode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.common) != len(m.common) || len(m2.gaz) != len(m.gaz) || len(m2.abbrev) != len(m.abbrev) {
		t.Errorf("round trip changed tables: %d/%d/%d, want %d/%d/%d",
			len(m2.common), len(m2.gaz), len(m2.abbrev), len(m.common), len(m.gaz), len(m.abbrev))
	}
}

func BenchmarkNERTag(b *testing.B) {
	tg, err := nerTestTagger()
	if err != nil {
		b.Fatal(err)
	}
	files, _ := filepath.Glob("../seeds/*.txt")
	var text strings.Builder
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		text.Write(data)
	}
	s := text.String()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		tg.Tag(s)
	}
}

func TestNERTitleHeadline(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		want bool
	}{
		{"Rebels Seize Town in North as Talks Stall", true},
		{"Rebels seized the town in the north as talks stalled", false},
		{"Eamonn Darcy ( Ireland ) , Per Nyman ( Sweden )", false},
		{"Sidi Kacem 0 Royal Armed Forces 0", false},
	}
	for _, tt := range tests {
		toks, _ := nerTokenize(tt.in, nil)
		infos := make([]nerTokInfo, len(toks))
		lowers := make([]string, len(toks))
		for i, tk := range toks {
			lowers[i] = nerInfo(&infos[i], tt.in[tk.start:tk.end])
			infos[i].common = tg.m.common[infos[i].lower]
		}
		if got := nerTitleHeadline(infos, lowers); got != tt.want {
			t.Errorf("nerTitleHeadline(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestNERConcurrent tags from several goroutines at once: run with -race.
func TestNERConcurrent(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	text := "Andrey Belousov met officials in Moscow.\nThe CSTO said Russia's forces were ready."
	want := tg.Tag(text)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if got := tg.Tag(text); !slices.Equal(got, want) {
					t.Errorf("concurrent Tag = %+v, want %+v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

// nerTestTexts are a title-case and an all-caps headline and the seeds.
func nerTestTexts(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seed articles")
	}
	texts := []string{"WORLD CUP: BRAZIL BEAT SPAIN 2-1 IN MADRID\nIS-K Strengthens Hold in Afghanistan Says Moscow\n"}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// nerTestDoc tokenises text as Tag does and prepares its features.
func nerTestDoc(tg *Tagger, text string) ([]string, *nerDocFeats) {
	toks, ends := nerTokenize(text, tg.abbrev)
	words := make([]string, len(toks))
	for i, tk := range toks {
		words[i] = text[tk.start:tk.end]
	}
	return words, nerPrepare(words, ends, &tg.m.tab)
}

// TestNERWordCacheFull tags a text with more distinct words than a word
// cache holds, then the seeds, which must come out as a fresh tagger
// labels them.
func TestNERWordCacheFull(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := LoadTagger()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../seeds/*.txt")
	if len(files) == 0 {
		t.Fatal("no seed articles")
	}
	seed, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	want := fresh.Tag(string(seed))
	var b strings.Builder
	for i := range nerWordCacheWords + 1000 {
		fmt.Fprintf(&b, "Word%d ", i)
	}
	b.WriteString(".\n")
	for range 3 {
		tg.Tag(b.String())
		if got := tg.Tag(string(seed)); !reflect.DeepEqual(got, want) {
			t.Fatalf("after a full cache: %v, want %v", got, want)
		}
	}
}

// TestNERTagExact checks every score tag computes, in every pass, with
// its word cache and its sums per label context, against summing each
// feature of nerFeatures and nerPredFeatures one by one, given the
// labels tag itself chose in the pass before.
func TestNERTagExact(t *testing.T) {
	tg, err := nerTestTagger()
	if err != nil {
		t.Fatal(err)
	}
	m := tg.m
	checked := 0
	// The second round finds every word in the old generation of the
	// word cache, and copies it into the new one.
	for round := range 2 {
		for n, text := range nerTestTexts(t) {
			if round == 1 {
				c := m.wordCache()
				c.rotate()
				m.putWordCache(c)
			}
			words, d := nerTestDoc(tg, text)
			name := fmt.Sprintf("round %d text %d", round, n)
			got := map[[2]int][nerLabels]int32{}
			m.tagSeen(d, func(pass, k int, sum [nerLabels]int32) { got[[2]int{pass, k}] = sum })
			// Replay on a fresh copy of the document: pass i uses the labels
			// the replay chose in pass i-1, which are tag's own as long as
			// every score agrees.
			_, ref := nerTestDoc(tg, text)
			labels := make([]int, len(words))
			for i, st := range m.stages {
				if i > 0 {
					nerPredContext(ref, labels)
				}
				for _, s := range ref.sents {
					var emit [][nerLabels]float32
					for k := s.start; k < s.end; k++ {
						feats := nerFeatures(ref, s, k, nil)
						if i > 0 {
							feats = nerPredFeatures(ref, s, k, feats)
						}
						var want [nerLabels]int32
						m.add(i, m.rows(feats, nil), &want)
						if g := got[[2]int{i, k}]; g != want {
							t.Fatalf("%s pass %d token %d %q: tag scored %v, feature by feature %v", name, i, k, words[k], g, want)
						}
						var e [nerLabels]float32
						for l := range e {
							e[l] = float32(want[l]) * st.scale
						}
						emit = append(emit, e)
						checked++
					}
					var vit nerViterbiScratch
					copy(labels[s.start:s.end], nerViterbi(emit, &st.trans, nil, &vit))
				}
			}
		}
	}
	if checked < 2000 {
		t.Fatalf("checked only %d scores", checked)
	}
}

// TestNERViterbiLayout checks the label arithmetic nerViterbiInt's
// unrolled loops rely on against nerAllowed.
func TestNERViterbiLayout(t *testing.T) {
	open := nerPredIdx[nerO][:nerPredN[nerO]]
	want := []uint8{0, 3, 4, 7, 8, 11, 12, 15, 16}
	if !slices.Equal(open, want) {
		t.Fatalf("labels O may follow: %v, want %v", open, want)
	}
	for _, l := range nerOpenLabels {
		if !slices.Equal(nerPreds[l], want) {
			t.Errorf("label %d may follow %v, not the labels O may follow", l, nerPreds[l])
		}
	}
	for ty := range nerTypes {
		b := uint8(1 + 4*ty)
		for _, l := range []int{int(b) + 1, int(b) + 2} {
			if !slices.Equal(nerPreds[l], []uint8{b, b + 1}) {
				t.Errorf("label %d may follow %v, want [%d %d]", l, nerPreds[l], b, b+1)
			}
		}
	}
	if len(nerOpenLabels)+2*nerTypes != nerLabels {
		t.Errorf("%d open labels and %d inside/last ones, want %d in all", len(nerOpenLabels), 2*nerTypes, nerLabels)
	}
}

// TestNERViterbiIntAgrees decodes random small integer scores, full of
// ties, with nerViterbiInt and with the float nerViterbi that training
// uses: at these magnitudes float sums are exact, so the paths must be
// the same, ties broken alike.
func TestNERViterbiIntAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var vf nerViterbiScratch
	var vi nerViterbiIntScratch
	for round := range 2000 {
		st := &nerStage{scale: 1}
		var q [nerLabels + 1][nerLabels]int64
		for p := range q {
			for l := range q[p] {
				q[p][l] = int64(rng.IntN(7) - 3)
				st.trans[p][l] = float32(q[p][l])
			}
		}
		for l := range nerLabels {
			st.qstart[l] = q[nerStart][l]
			for j, p := range nerPreds[l] {
				st.qpred[l][j] = q[p][l]
			}
		}
		n := 1 + rng.IntN(12)
		ei := make([][nerLabels]int32, n)
		ef := make([][nerLabels]float32, n)
		for k := range ei {
			for l := range ei[k] {
				ei[k][l] = int32(rng.IntN(9) - 4)
				ef[k][l] = float32(ei[k][l])
			}
		}
		want := nerViterbi(ef, &st.trans, nil, &vf)
		got := nerViterbiInt(ei, st, nil, &vi)
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: nerViterbiInt %v, nerViterbi %v", round, got, want)
		}
	}
}

// TestNERWordTable holds the word cache's table to a Go map through
// puts, overwrites, growth past its first size and a reset.
func TestNERWordTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tab := newNERWordTable(64)
	want := map[uint64]int32{}
	check := func(when string) {
		t.Helper()
		if tab.n != len(want) {
			t.Fatalf("%s: %d keys, want %d", when, tab.n, len(want))
		}
		for k, v := range want {
			if got, ok := tab.get(k); !ok || got != v {
				t.Fatalf("%s: get(%x) = %d, %v; want %d", when, k, got, ok, v)
			}
		}
		for range 1000 {
			k := rng.Uint64() | 1<<63 // keys below are below 1<<63
			if _, ok := tab.get(k); ok {
				t.Fatalf("%s: get(%x) found a key never put", when, k)
			}
		}
	}
	for round := range 2 {
		for i := range 5000 {
			// Clustered low bits, to exercise probing.
			k := uint64(rng.IntN(3000))<<20 | uint64(i%7)
			v := int32(i)
			tab.put(k, v)
			want[k] = v
		}
		check(fmt.Sprint("round ", round))
		tab.reset()
		clear(want)
		check("after reset")
	}
}

// TestNERHashTable holds the feature table, bitmap included, to a map:
// every key put is found with its value, and keys never put are not,
// whether or not their first slot is taken.
func TestNERHashTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n = 5000
	h := newNERHashTable(n)
	want := map[uint64]uint32{}
	for i := range n {
		k := rng.Uint64()
		h.put(k, uint32(i))
		want[k] = uint32(i)
	}
	for k, v := range want {
		if got, ok := h.get(k); !ok || got != v {
			t.Fatalf("get(%x) = %d, %v; want %d", k, got, ok, v)
		}
	}
	misses, inTable := 0, 0
	for range 100000 {
		k := rng.Uint64()
		if _, ok := want[k]; ok {
			continue
		}
		i := k & h.mask
		if h.slots[i] != 0 {
			inTable++ // the bitmap says taken: the probe decides
		}
		if _, ok := h.get(k); ok {
			t.Fatalf("get(%x) found a key never put", k)
		}
		misses++
	}
	if inTable == 0 || inTable == misses {
		t.Fatalf("%d of %d absent keys start on a taken slot: the test exercises one path only", inTable, misses)
	}
}

// TestNERByteTable checks the tables of commonness and gazetteer types
// against the maps they are built from: every key, keys they lack, and a
// map of small keys crowded into runs that wrap round the table's end.
func TestNERByteTable(t *testing.T) {
	tg, err := LoadTagger()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	small := map[uint64]uint8{}
	for k := range uint64(3000) {
		small[k*k] = uint8(1 + rng.IntN(255))
	}
	small[12345] = 0 // a value of 0 is the same as no entry
	for name, m := range map[string]map[uint64]uint8{"common": tg.m.common, "gaz": tg.m.gaz, "small": small} {
		tab := newNERByteTable(m)
		if len(tab.keys) < 2*len(m) {
			t.Errorf("%s: %d slots for %d entries, more than half full", name, len(tab.keys), len(m))
		}
		for k, v := range m {
			if got := tab.get(k); got != v {
				t.Fatalf("%s: get(%d) = %d, want %d", name, k, got, v)
			}
		}
		for range 100_000 {
			k := rng.Uint64()
			if name == "small" {
				k = rng.Uint64N(3000 * 3000)
			}
			if got := tab.get(k); got != m[k] {
				t.Fatalf("%s: get(%d) = %d, want %d", name, k, got, m[k])
			}
		}
	}
}
