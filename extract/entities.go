package extract

import (
	"strings"

	"github.com/jdkato/prose/v2"
)

// loadModel builds prose's bundled tagger and entity model once. prose
// only hands a model out through a Document, so a tiny one is made to
// take it from; the model is read-only afterwards and safe to share.
func loadModel() *prose.Model {
	doc, err := prose.NewDocument("Model.", prose.WithSegmentation(false))
	if err != nil {
		panic("extract: loading prose's bundled model: " + err.Error())
	}
	return doc.Model
}

// token is a prose token placed in the text.
type token struct {
	prose.Token
	start, end int
}

// tokens runs prose's tokenizer, tagger and entity model over text and
// places each token at its byte offsets. prose re-tokenises and gives no
// offsets, so each token is found by scanning forward from the end of the
// previous one; a token prose rewrote and that cannot be found is dropped.
func (x *Extractor) tokens(text string) []token {
	doc, err := prose.NewDocument(text,
		prose.UsingModel(x.model),
		prose.WithSegmentation(false))
	if err != nil {
		return nil
	}
	toks := doc.Tokens()
	out := make([]token, 0, len(toks))
	pos := 0
	for _, t := range toks {
		if t.Text == "" {
			continue
		}
		// Tokens are contiguous apart from whitespace: look only a short
		// way ahead so that a rewritten token cannot pull the cursor far.
		window := text[pos:]
		if len(window) > len(t.Text)+64 {
			window = window[:len(t.Text)+64]
		}
		i := strings.Index(window, t.Text)
		if i < 0 {
			continue
		}
		start := pos + i
		pos = start + len(t.Text)
		out = append(out, token{Token: t, start: start, end: pos})
	}
	return out
}

// modelEntities chunks prose's per-token labels into mentions. prose's
// bundled model labels most tokens of a name B-, often with differing
// types ("Arshad/B-GPE Mehmood/B-PERSON"), so a run of labelled tokens
// separated only by spaces is one mention; its type is PERSON when any
// token says so (the model's most reliable class), else the first
// token's. Unlike prose's own chunker (Document.Entities) this keeps a
// mention that ends the text and never swallows following numbers.
func modelEntities(text string, toks []token) []Entity {
	var out []Entity
	for i := 0; i < len(toks); {
		if toks[i].Label == "O" || toks[i].Label == "" {
			i++
			continue
		}
		j, typ := i+1, labelType(toks[i].Label)
		for j < len(toks) && toks[j].Label != "O" && toks[j].Label != "" &&
			strings.TrimSpace(text[toks[j-1].end:toks[j].start]) == "" && toks[j].start > toks[j-1].end {
			if labelType(toks[j].Label) == Person {
				typ = Person
			}
			j++
		}
		s, e := toks[i].start, toks[j-1].end
		out = append(out, Entity{Text: text[s:e], Type: typ, Start: s, End: e, Rule: "model"})
		i = j
	}
	return out
}

func labelType(label string) string {
	_, t, _ := strings.Cut(label, "-")
	return modelType(t)
}

// modelType maps prose's labels to the contract's types.
func modelType(label string) string {
	switch label {
	case "PERSON", "PER":
		return Person
	case "GPE", "GSP": // GSP: prose's geo-socio-political, a GPE
		return GPE
	case "ORG", "ORGANIZATION":
		return Org
	case "LOC", "LOCATION":
		return Loc
	case "NORP", "MISC":
		return NORP
	}
	return label
}
