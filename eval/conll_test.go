package eval

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ingest-news/ingest/extract"
)

// conllSnippet is written for these tests. Its markers sit at the start, in
// the middle and at the end, as markers may anywhere. Gold, by token index:
//
//	doc 1: PER[0-1] ORG[3-4] LOC[6] LOC[7] LOC[8] LOC[10] MISC[12] ORG[13]
//	doc 2: PER[0] PER[1] ORG[4]
const conllSnippet = `-DOCSTART- -X- O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
visited VBD I-VP O
Acme NNP I-NP I-ORG
Corp NNP I-NP I-ORG
in IN I-PP O
Paris NNP I-NP I-LOC

Germany NNP I-NP I-LOC
France NNP I-NP B-LOC
and CC O O
Italy NNP I-NP I-LOC
. . O O

German JJ I-NP I-MISC
Telekom NNP I-NP I-ORG
said VBD I-VP O

-DOCSTART- -X- O O

Jones NNP I-NP I-PER

Smith NNP I-NP I-PER
spoke VBD I-VP O
to TO I-PP O
Reuters NNP I-NP I-ORG

-DOCSTART- -X- O O
`

const (
	snippetDoc1 = "Peter Blackburn visited Acme Corp in Paris\nGermany France and Italy .\nGerman Telekom said"
	snippetDoc2 = "Jones\nSmith spoke to Reuters"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mention builds an entity over the first occurrence of s in text that is
// not part of a longer word ("German", not the start of "Germany").
func mention(t *testing.T, text, s, typ string) extract.Entity {
	t.Helper()
	for from := 0; ; {
		i := strings.Index(text[from:], s)
		if i < 0 {
			t.Fatalf("%q not in %q as whole words", s, text)
		}
		i += from
		end := i + len(s)
		if (i == 0 || strings.ContainsRune(" \n", rune(text[i-1]))) &&
			(end == len(text) || strings.ContainsRune(" \n", rune(text[end]))) {
			return extract.Entity{Text: s, Type: typ, Start: i, End: end}
		}
		from = i + 1
	}
}

// partial builds an entity over the first occurrence of s in text, wherever
// it falls, to make spans that do not sit on token boundaries.
func partial(t *testing.T, text, s, typ string) extract.Entity {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in %q", s, text)
	}
	return extract.Entity{Text: s, Type: typ, Start: i, End: i + len(s)}
}

func TestCoNLLScoresExactSpans(t *testing.T) {
	path := writeTemp(t, "snippet.conll", conllSnippet)
	var texts []string
	find := func(text string) []extract.Entity {
		texts = append(texts, text)
		switch text {
		case snippetDoc1:
			return []extract.Entity{
				mention(t, text, "Peter Blackburn", extract.Person), // TP
				mention(t, text, "Acme", extract.Org),               // FP: aligned, too short
				mention(t, text, "Paris", extract.GPE),              // TP, last token of a sentence
				mention(t, text, "Germany France", extract.GPE),     // FP: merges two gold chunks
				mention(t, text, "Italy", extract.Loc),              // TP
				mention(t, text, "Italy", extract.GPE),              // duplicate once mapped: ignored
				mention(t, text, "German", extract.NORP),            // TP MISC
				partial(t, text, "German", extract.NORP),            // FP: prefix of "Germany"
				mention(t, text, "Telekom", extract.Person),         // FP PER, wrong type
				partial(t, text, "Peter Blackb", extract.Org),       // FP: ends inside a token
				partial(t, text, "ter Black", extract.Person),       // FP: starts and ends inside tokens
				mention(t, text, "visited", "DATE"),                 // no CoNLL type: ignored
			}
		case snippetDoc2:
			return []extract.Entity{
				mention(t, text, "Smith", extract.Person),               // TP
				mention(t, text, "Jones\nSmith", extract.Person),        // FP: spans two sentences
				mention(t, text, "Reuters", extract.Org),                // TP, last token of the document
				{Text: "x", Type: extract.Person, Start: 100, End: 200}, // FP: out of range
				{Text: "", Type: extract.Org, Start: 3, End: 3},         // FP: empty
			}
		}
		t.Errorf("unexpected document text %q", text)
		return nil
	}
	got, err := CoNLL(path, find)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{snippetDoc1, snippetDoc2}; !reflect.DeepEqual(texts, want) {
		t.Errorf("find saw %q, want %q", texts, want)
	}
	want := CoNLLResult{
		Docs: 2, Sentences: 5, Tokens: 20,
		PerType: map[string]Score{
			"PER":  {TP: 2, FP: 4, FN: 1},
			"ORG":  {TP: 1, FP: 3, FN: 2},
			"LOC":  {TP: 2, FP: 1, FN: 2},
			"MISC": {TP: 1, FP: 1},
		},
		Overall: Score{TP: 5, FP: 8, FN: 5},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CoNLL =\n%+v\nwant\n%+v", got, want)
	}
}

func TestCoNLLPerfectExtractor(t *testing.T) {
	path := writeTemp(t, "snippet.conll", conllSnippet)
	gold := map[string][][2]string{
		snippetDoc1: {{"Peter Blackburn", extract.Person}, {"Acme Corp", extract.Org},
			{"Paris", extract.GPE}, {"Germany", extract.GPE}, {"France", extract.GPE},
			{"Italy", extract.Loc}, {"German", extract.NORP}, {"Telekom", extract.Org}},
		snippetDoc2: {{"Jones", extract.Person}, {"Smith", extract.Person}, {"Reuters", extract.Org}},
	}
	got, err := CoNLL(path, func(text string) []extract.Entity {
		var out []extract.Entity
		for _, g := range gold[text] {
			out = append(out, mention(t, text, g[0], g[1]))
		}
		return out
	})
	if err != nil {
		t.Fatal(err)
	}
	for typ, n := range map[string]int{"PER": 3, "ORG": 3, "LOC": 4, "MISC": 1} {
		if s := got.PerType[typ]; s != (Score{TP: n}) {
			t.Errorf("%s = %+v, want TP %d only", typ, s, n)
		}
	}
	if got.Overall.F1() != 1 {
		t.Errorf("overall F1 = %v, want 1", got.Overall.F1())
	}
}

func TestIOB1Chunks(t *testing.T) {
	tests := []struct {
		tags []string
		want []chunk
	}{
		{[]string{"O", "I-PER", "I-PER", "O"}, []chunk{{1, 2, "PER"}}},
		// B- separates two chunks of the same type; I- after B- continues.
		{[]string{"I-LOC", "B-LOC", "I-LOC", "O", "I-LOC"},
			[]chunk{{0, 0, "LOC"}, {1, 2, "LOC"}, {4, 4, "LOC"}}},
		// A type change starts a chunk without B-.
		{[]string{"I-MISC", "I-ORG", "I-ORG"}, []chunk{{0, 0, "MISC"}, {1, 2, "ORG"}}},
		// B- as the first tag, and after O, simply starts a chunk.
		{[]string{"B-PER", "O", "B-ORG"}, []chunk{{0, 0, "PER"}, {2, 2, "ORG"}}},
		{[]string{"O", "O"}, nil},
	}
	for _, tt := range tests {
		if got := iob1Chunks(tt.tags, 0); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("iob1Chunks(%q) = %v, want %v", tt.tags, got, tt.want)
		}
	}
	if got := iob1Chunks([]string{"I-PER"}, 7); !reflect.DeepEqual(got, []chunk{{7, 7, "PER"}}) {
		t.Errorf("offset not applied: %v", got)
	}
}

func TestCoNLLPositionedErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"columns.conll", "Peter NNP I-NP I-PER\n\nParis NNP I-LOC\n", ":3: want 4 columns, got 3"},
		{"tag.conll", "Peter NNP I-NP I-PER\nParis NNP I-NP LOC\n", `:2: bad NER tag "LOC"`},
		{"empty-type.conll", "Paris NNP I-NP B-\n", `:1: bad NER tag "B-"`},
	}
	for _, tt := range tests {
		path := writeTemp(t, tt.name, tt.content)
		_, err := CoNLL(path, nil)
		if err == nil || !strings.Contains(err.Error(), path+tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.name, err, path+tt.want)
		}
	}
	if _, err := CoNLL(filepath.Join(t.TempDir(), "missing"), nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: err = %v, want fs.ErrNotExist", err)
	}
}

// TestCoNLLTestaGold checks the reader against the published size of
// eng.testa: with no predictions, every gold chunk is a false negative.
func TestCoNLLTestaGold(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "data", "conll2003", "eng.testa")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("CoNLL-2003 eng.testa not available at %s (third-party data, not in the repo): %v", path, err)
	}
	calls := 0
	got, err := CoNLL(path, func(string) []extract.Entity { calls++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got.Docs != 216 || got.Sentences != 3250 || got.Tokens != 51362 || calls != 216 {
		t.Errorf("docs %d, sentences %d, tokens %d, find calls %d; want 216, 3250, 51362, 216",
			got.Docs, got.Sentences, got.Tokens, calls)
	}
	want := map[string]Score{
		"PER": {FN: 1842}, "ORG": {FN: 1341}, "LOC": {FN: 1837}, "MISC": {FN: 922},
	}
	if !reflect.DeepEqual(got.PerType, want) {
		t.Errorf("gold chunks per type = %v, want %v", got.PerType, want)
	}
	total := 0
	for _, s := range got.PerType {
		total += s.FN
	}
	if total != 5942 || got.Overall != (Score{FN: 1842 + 1341 + 1837}) {
		t.Errorf("gold total %d, overall %+v; want 5942 and FN 5020", total, got.Overall)
	}
}
