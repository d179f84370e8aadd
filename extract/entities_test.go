package extract

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
)

func testExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// mentions renders entities as "text/TYPE=canonical" for comparison.
func mentions(ents []Entity) []string {
	var out []string
	for _, e := range ents {
		out = append(out, fmt.Sprintf("%s/%s=%s", e.Text, e.Type, e.Canonical))
	}
	return out
}

func has(got []string, want string) bool {
	for _, g := range got {
		if g == want {
			return true
		}
	}
	return false
}

// checkMentions extracts the entities of text, reports each mention of
// want missing and each of notWant present, and returns them all.
func checkMentions(t *testing.T, x *Extractor, text string, want, notWant []string) []string {
	t.Helper()
	got := mentions(x.Entities(text))
	for _, w := range want {
		if !has(got, w) {
			t.Errorf("%q\n  missing %s\n  got %s", text, w, strings.Join(got, "; "))
		}
	}
	for _, w := range notWant {
		if has(got, w) {
			t.Errorf("%q\n  unwanted %s", text, w)
		}
	}
	return got
}

func TestEntityRules(t *testing.T) {
	x := testExtractor(t)
	tests := []struct {
		text    string
		want    []string
		notWant []string
	}{
		{
			text: "Defence Minister Andrey Belousov met the press in Moscow. Belousov said little.",
			want: []string{"Andrey Belousov/PERSON=Andrey Belousov", "Belousov/PERSON=Andrey Belousov", "Moscow/GPE=Moscow"},
		},
		{
			text: "The Collective Security Treaty Organisation (CSTO) met on Friday. Later the CSTO issued a statement.",
			want: []string{"Collective Security Treaty Organisation/ORG=Collective Security Treaty Organization", "CSTO/ORG=Collective Security Treaty Organization"},
		},
		{
			text: "The group, known as the Baloch Youth Council (BYC), said BYC members were detained.",
			want: []string{"Baloch Youth Council/ORG=Baloch Youth Council", "BYC/ORG=Baloch Youth Council"},
		},
		{
			text:    "Fighters of ISIS-K and IS-KP, also written IS-K, attacked. Tehreek-e-Taliban Pakistan and Tehrik-i-Taliban Pakistan denied it, and al Qaeda stayed silent.",
			want:    []string{"ISIS-K/ORG=Islamic State Khorasan Province", "IS-KP/ORG=Islamic State Khorasan Province", "IS-K/ORG=Islamic State Khorasan Province", "Tehreek-e-Taliban Pakistan/ORG=Tehrik-e-Taliban Pakistan", "Tehrik-i-Taliban Pakistan/ORG=Tehrik-e-Taliban Pakistan", "al Qaeda/ORG=al-Qaida"},
			notWant: []string{"Pakistan/GPE=Pakistan"},
		},
		{
			text: "Taliban spokesman Zabihullah Mujahid denied the report on Tuesday. Mujahid said the group controls the country.",
			want: []string{"Zabihullah Mujahid/PERSON=Zabihullah Mujahid", "Mujahid/PERSON=Zabihullah Mujahid"},
		},
		{
			text:    "Officials of the Russia-led bloc and a Moscow-based analyst spoke.",
			want:    []string{"Russia/GPE=Russia", "Moscow/GPE=Moscow"},
			notWant: []string{"Russia-led/NORP=Russia-led"},
		},
		{
			text: "Troops were moved to the Tajik-Afghan border last year.",
			want: []string{"Tajik-Afghan border/LOC=Tajikistan–Afghanistan border"},
		},
		{
			text: "A spokeswoman for the Russian Ministry of Foreign Affairs said Russia’s Supreme Court had ruled.",
			want: []string{"Russian Ministry of Foreign Affairs/ORG=Russian Foreign Ministry", "Supreme Court/ORG=Supreme Court of Russia", "Russia/GPE=Russia"},
		},
		{
			text: "Ministers met at the Council of Defence Ministers of the Collective Security Treaty Organisation (CSTO) in Bishkek.",
			want: []string{"Council of Defence Ministers/ORG=Council of Defence Ministers of the Collective Security Treaty Organization"},
		},
		{
			text: "Syed Khalid Muhammad, a director of the institute, said Muhammad had warned of it.",
			want: []string{"Syed Khalid Muhammad/PERSON=Syed Khalid Muhammad", "Muhammad/PERSON=Syed Khalid Muhammad"},
		},
		{
			text: "Understandably, the talks stalled, an analyst told The Media Line.",
			want: []string{"The Media Line/ORG=The Media Line"},
		},
	}
	for _, tc := range tests {
		got := checkMentions(t, x, tc.text, tc.want, tc.notWant)
		for _, g := range got {
			if strings.HasPrefix(g, "Understandably/") {
				t.Errorf("sentence-initial adverb tagged: %s", g)
			}
		}
	}
}

// Offsets are exact and mentions do not overlap, on every seed.
func TestEntityOffsets(t *testing.T) {
	x := testExtractor(t)
	for _, text := range fuzzSnippets {
		ents := x.Entities(text)
		end := 0
		for _, e := range ents {
			if e.Start < end || e.End > len(text) || text[e.Start:e.End] != e.Text || e.Canonical == "" {
				t.Fatalf("%q: bad mention %+v after %d", text, e, end)
			}
			end = e.End
		}
	}
}

func TestAliasKey(t *testing.T) {
	same := [][2]string{
		{"Collective Security Treaty Organisation", "collective security treaty organization"},
		{"al-Qaida", "Al Qaeda"},
		{"Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"},
		{"Russia’s", "Russia"},
		{"U.S.", "US"},
		{"the Taliban", "Taliban"},
	}
	for _, p := range same {
		if aliasKey(p[0]) != aliasKey(p[1]) {
			t.Errorf("aliasKey(%q)=%q != aliasKey(%q)=%q", p[0], aliasKey(p[0]), p[1], aliasKey(p[1]))
		}
	}
	if aliasKey("IS") == aliasKey("is") && aliasKey("Islamic Movement") == aliasKey("Islamic Movement of Uzbekistan") {
		t.Error("distinct names folded together")
	}
}

// Every alias of the table resolves to its own row's canonical: no name
// is claimed by two entities.
func TestAliasTableConsistent(t *testing.T) {
	owner := map[string]string{}
	for _, row := range aliasTable {
		for _, n := range row.names {
			k := aliasKey(n)
			if o, ok := owner[k]; ok && o != row.names[0] {
				t.Errorf("%q belongs to both %q and %q", n, o, row.names[0])
			}
			owner[k] = row.names[0]
		}
	}
}

// BenchmarkEntitiesVsProse runs the entity extractor and prose's default
// NewDocument pipeline (tokenise, segment, tag, chunk entities: what a
// user of prose calls) side by side on the same BBC articles, so that
// their ratio holds on a busy machine:
//
//	go test ./extract -run '^$' -bench EntitiesVsProse -count 5 | tee new.txt
func BenchmarkEntitiesVsProse(b *testing.B) {
	texts, size := bbcSample(b, 40)
	b.Run("extractor", func(b *testing.B) {
		x := testExtractor(b)
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range texts {
				x.Entities(s)
			}
		}
	})
	b.Run("prose-default", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, s := range texts {
				doc, err := prose.NewDocument(s)
				if err != nil {
					b.Fatal(err)
				}
				doc.Entities()
			}
		}
	})
}

// bbcSample reads the first n BBC articles (sorted paths), skipping the
// benchmark when the corpus is absent.
func bbcSample(b *testing.B, n int) ([]string, int) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc", "*", "*.txt"))
	if len(paths) == 0 {
		b.Skip("BBC corpus absent (../shared/data/bbc-news/bbc)")
	}
	sort.Strings(paths)
	var texts []string
	size := 0
	for _, p := range paths[:min(n, len(paths))] {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, strings.ToValidUTF8(string(data), "\uFFFD"))
		size += len(data)
	}
	return texts, size
}

// TestAcronymAfter checks that acronymAfter finds what acronymRe finds
// in the whole rest of the text.
func TestAcronymAfter(t *testing.T) {
	pieces := []string{"(", ")", " ", "  ", "\t", "\n", "NATO", "Csto", "a", "&", ".", "-", "x", "é", "B", "1234567890123", ","}
	rng := rand.New(rand.NewPCG(9, 10))
	matched := 0
	for range 20000 {
		// Most strings are shaped like a definition, " (NATO)".
		shape := []string{" ", "(", " ", "NATO", ")"}
		if rng.IntN(4) == 0 {
			shape = nil
		}
		rest := shapedText(rng, shape, 3, pieces, rng.IntN(5))
		want := acronymRe.FindStringSubmatchIndex(rest)
		if want != nil {
			matched++
		}
		if got := acronymAfter(rest); !slices.Equal(got, want) {
			t.Fatalf("%q: acronymAfter %v, acronymRe %v", rest, got, want)
		}
	}
	if matched < 2000 {
		t.Fatalf("only %d strings match: the test checks too little", matched)
	}
}

// TestOrgHeadOfTail checks that orgHeadOfTail holds wherever orgHeadOf
// matches, on strings built from the words it looks for.
func TestOrgHeadOfTail(t *testing.T) {
	pieces := []string{"Ministry", "Bank", "Organisation", "Organization", "Union", "of", "for", "on", "the", "The", "OF",
		" ", "  ", "\t", "\u00a0", "x", "é", "-", "(", "Ministryx", "ministry"}
	rng := rand.New(rand.NewPCG(11, 12))
	matched := 0
	for range 30000 {
		// Shaped like a match, "x Ministry of the ".
		shape := []string{"x", " ", "Ministry", " ", "of", " ", "the", " "}
		if rng.IntN(2) == 0 {
			shape = shape[:6]
		}
		s := shapedText(rng, shape, 5, pieces, 0)
		if orgHeadOf.MatchString(s) {
			matched++
			if !orgHeadOfTail(s) {
				t.Fatalf("%q: orgHeadOf matches, orgHeadOfTail says no", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d strings match: the test checks too little", matched)
	}
}
