package eval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/ingest-news/ingest/extract"
)

// EntityFunc finds entity mentions in text (byte offsets, types PERSON/ORG/
// GPE/LOC/NORP as in extract/types.go). CoNLL calls it once per document, so
// an extractor may use document-level context.
type EntityFunc func(text string) []extract.Entity

// CoNLLResult is the outcome of scoring an EntityFunc on a CoNLL-2003 file.
// It is a plain value; PerType is freshly allocated per call.
type CoNLLResult struct {
	Docs, Sentences, Tokens int
	// PerType is keyed by CoNLL type: "PER", "ORG", "LOC", "MISC" are always
	// present; any other type found in the gold tags gets its own key.
	PerType map[string]Score
	// Overall is PER+ORG+LOC together (the project's target metric); MISC is
	// left out because the extractors have no type that covers it fully.
	Overall Score
}

// conllTypes maps extractor types onto CoNLL-2003 types. GPE and LOC both
// become LOC because CoNLL does not separate countries and cities from other
// places; NORP ("Russian", "Afghan") is what CoNLL tags MISC most often.
var conllTypes = map[string]string{
	extract.Person: "PER",
	extract.Org:    "ORG",
	extract.GPE:    "LOC",
	extract.Loc:    "LOC",
	extract.NORP:   "MISC",
}

// conllDoc is one document of a CoNLL file as the extractor sees it: the
// text (tokens joined by spaces, sentences by newlines) with each token's
// byte span, and the gold chunks in token indexes.
type conllDoc struct {
	text      string
	starts    []int // byte offset of each token in text
	ends      []int
	sentences int
	gold      []chunk
}

// chunk is an entity over tokens [first, last] (inclusive, as conlleval
// thinks of them) in one document.
type chunk struct {
	first, last int
	typ         string
}

// CoNLL scores find on the CoNLL-2003 file at path with conlleval's rule: a
// predicted entity counts only if its token span and type equal a gold
// chunk's. Tags are IOB1 (as in the original eng.* files); -DOCSTART- lines
// separate documents wherever they occur. A prediction whose offsets do not
// fall on token boundaries cannot match and counts as a false positive of its
// type; exact duplicates (same span, same CoNLL type) count once; types with
// no CoNLL counterpart are ignored. A nil find predicts nothing, so every
// gold chunk shows as a false negative: a way to count the gold.
func CoNLL(path string, find EntityFunc) (CoNLLResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return CoNLLResult{}, err
	}
	defer f.Close()
	docs, err := readCoNLL(path, f)
	if err != nil {
		return CoNLLResult{}, err
	}
	return scoreCoNLL(docs, find), nil
}

// readCoNLL parses a CoNLL-2003 file; name only prefixes error positions.
func readCoNLL(name string, r io.Reader) ([]conllDoc, error) {
	var (
		docs []conllDoc
		cur  conllDoc
		text strings.Builder
		// The current sentence's tags; sentStart is the document index of
		// its first token.
		sentTags  []string
		sentStart int
		lineNo    int
		errs      []error
	)
	endSentence := func() {
		if len(sentTags) == 0 {
			return
		}
		cur.gold = append(cur.gold, iob1Chunks(sentTags, sentStart)...)
		cur.sentences++
		sentTags = sentTags[:0]
	}
	endDoc := func() {
		endSentence()
		if len(cur.starts) == 0 {
			return
		}
		cur.text = text.String()
		docs = append(docs, cur)
		cur = conllDoc{}
		text.Reset()
	}

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		lineNo++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			endSentence()
			continue
		}
		if fields[0] == "-DOCSTART-" {
			endDoc()
			continue
		}
		if len(fields) != 4 {
			errs = append(errs, fmt.Errorf("%s:%d: want 4 columns, got %d", name, lineNo, len(fields)))
			if len(errs) >= 10 {
				break
			}
			continue
		}
		tag := fields[3]
		if err := checkIOBTag(tag); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", name, lineNo, err))
			if len(errs) >= 10 {
				break
			}
			continue
		}
		if len(sentTags) == 0 {
			sentStart = len(cur.starts)
			if len(cur.starts) > 0 {
				text.WriteByte('\n')
			}
		} else {
			text.WriteByte(' ')
		}
		cur.starts = append(cur.starts, text.Len())
		text.WriteString(fields[0])
		cur.ends = append(cur.ends, text.Len())
		sentTags = append(sentTags, tag)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, lineNo+1, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	endDoc()
	return docs, nil
}

// checkIOBTag accepts O, I-TYPE and B-TYPE with a non-empty TYPE.
func checkIOBTag(tag string) error {
	if tag == "O" {
		return nil
	}
	if len(tag) > 2 && (tag[0] == 'I' || tag[0] == 'B') && tag[1] == '-' {
		return nil
	}
	return fmt.Errorf("bad NER tag %q: want O, I-TYPE or B-TYPE", tag)
}

// iob1Chunks returns one sentence's chunks as conlleval finds them: a chunk
// starts at any B- tag and at an I- tag that follows O or another type, and
// ends before O, a B- tag, a type change or the end of the sentence. offset
// is the document index of the sentence's first token.
func iob1Chunks(tags []string, offset int) []chunk {
	var out []chunk
	open := false
	var c chunk
	prevType := ""
	for i, tag := range tags {
		if tag == "O" {
			if open {
				out = append(out, c)
				open = false
			}
			prevType = ""
			continue
		}
		typ := tag[2:]
		if !open || tag[0] == 'B' || typ != prevType {
			if open {
				out = append(out, c)
			}
			c = chunk{first: offset + i, typ: typ}
			open = true
		}
		c.last = offset + i
		prevType = typ
	}
	if open {
		out = append(out, c)
	}
	return out
}

// scoreCoNLL runs find over each document and compares its mentions with
// the gold chunks.
func scoreCoNLL(docs []conllDoc, find EntityFunc) CoNLLResult {
	res := CoNLLResult{PerType: map[string]Score{"PER": {}, "ORG": {}, "LOC": {}, "MISC": {}}}
	add := func(typ string, s Score) { res.PerType[typ] = res.PerType[typ].Add(s) }
	for _, d := range docs {
		res.Docs++
		res.Sentences += d.sentences
		res.Tokens += len(d.starts)

		gold := make(map[chunk]bool, len(d.gold))
		for _, c := range d.gold {
			gold[c] = true
		}
		var ents []extract.Entity
		if find != nil {
			ents = find(d.text)
		}
		seen := make(map[chunk]bool, len(ents))
		for _, e := range ents {
			typ, ok := conllTypes[e.Type]
			if !ok {
				continue
			}
			c, ok := d.align(e.Start, e.End)
			if !ok {
				// Misaligned spans stay distinct by their byte offsets so
				// that two different misses are two false positives.
				c = chunk{first: -1 - e.Start, last: -1 - e.End}
			}
			c.typ = typ
			if seen[c] {
				continue
			}
			seen[c] = true
			if gold[c] {
				add(typ, Score{TP: 1})
				delete(gold, c)
			} else {
				add(typ, Score{FP: 1})
			}
		}
		for c := range gold {
			add(c.typ, Score{FN: 1})
		}
	}
	for _, typ := range []string{"PER", "ORG", "LOC"} {
		res.Overall = res.Overall.Add(res.PerType[typ])
	}
	return res
}

// align returns the tokens whose span is exactly text[start:end], if the
// offsets fall on token boundaries.
func (d *conllDoc) align(start, end int) (chunk, bool) {
	if start >= end {
		return chunk{}, false
	}
	first, ok := slices.BinarySearch(d.starts, start)
	if !ok {
		return chunk{}, false
	}
	last, ok := slices.BinarySearch(d.ends, end)
	if !ok || last < first {
		return chunk{}, false
	}
	return chunk{first: first, last: last}, true
}
