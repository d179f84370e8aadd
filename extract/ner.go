package extract

import (
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"
)

// Tagger finds PERSON, ORG, GPE and NORP mentions with a linear sequence
// model (an averaged structured perceptron over BILOU labels with Viterbi
// decoding) trained on CoNLL-2003 eng.train by cmd/trainner and embedded in
// the binary. It is immutable after LoadTagger and safe for concurrent use.
type Tagger struct {
	m      *nerModel
	abbrev func(string) bool
}

// LoadTagger decodes the embedded model. Decoding takes a moment and some
// megabytes, so callers load once and keep the Tagger.
func LoadTagger() (*Tagger, error) {
	m, err := nerDecode(nerModelData)
	if err != nil {
		return nil, err
	}
	return &Tagger{m: m, abbrev: m.abbrevFunc()}, nil
}

// Tag tokenises text, splits it into sentences (at newlines and sentence
// punctuation), labels it and returns the mentions sorted by Start and
// non-overlapping, with exact byte offsets into text. The whole text is
// one document: a name's casing elsewhere in it informs each mention.
// CoNLL's PER, ORG, LOC and MISC come out as PERSON, ORG, GPE and NORP.
func (t *Tagger) Tag(text string) []Entity {
	toks, ends := nerTokenize(text, t.abbrev)
	if len(toks) == 0 {
		return nil
	}
	c := t.m.wordCache()
	defer t.m.putWordCache(c)
	words := slices.Grow(c.words[:0], len(toks))[:len(toks)]
	for i, tk := range toks {
		words[i] = text[tk.start:tk.end]
	}
	d := &c.doc
	c.lowers = nerPrepareIn(d, c.lowers, words, ends, &t.m.tab)
	labels := t.m.tagIn(c, d, nil)
	clear(words) // the cache outlives text
	if len(toks) <= nerKeepTokens {
		c.words = words
	} else {
		c.words, c.lowers, c.doc = nil, nil, nerDocFeats{}
	}
	var out []Entity
	for _, c := range nerChunks(labels) {
		start, end := toks[c.first].start, toks[c.last].end
		out = append(out, Entity{
			Text:  text[start:end],
			Type:  nerOutTypes[c.typ],
			Start: start,
			End:   end,
			Rule:  "ner",
		})
	}
	return out
}

// nerChunk is a labelled span of tokens [first, last].
type nerChunk struct {
	first, last, typ int
}

// nerChunks reads the spans out of well-formed BILOU labels.
func nerChunks(labels []int) []nerChunk {
	var out []nerChunk
	first := -1
	for k, l := range labels {
		if l == nerO {
			first = -1
			continue
		}
		ty, pos := nerLabelParts(l)
		switch pos {
		case nerB:
			first = k
		case nerU:
			out = append(out, nerChunk{k, k, ty})
			first = -1
		case nerL:
			if first >= 0 {
				out = append(out, nerChunk{first, k, ty})
			}
			first = -1
		}
	}
	return out
}

// commonWord reports whether the training text mostly wrote w's lowercase
// form in lower case: a capitalised common word ("Understandably") that
// only its place at a sentence start made look like a name.
func (t *Tagger) commonWord(w string) bool {
	return t.m.tab.common.get(xxhash.Sum64String(strings.ToLower(w))) == nerMostlyLower
}
