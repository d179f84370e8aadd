package extract

import (
	"fmt"
	"sort"
	"time"

	"github.com/jdkato/prose/v2"
)

// Options configure an Extractor. The zero value is ready to use.
type Options struct {
	// Model is the prose model to tag with; nil means prose's bundled
	// English model, loaded once by Compile.
	Model *prose.Model
}

// Extractor finds entities, quantities and dates. It is immutable once
// compiled and safe for concurrent use.
type Extractor struct {
	model *prose.Model
}

// Compile loads the models and rule tables an Extractor needs.
func Compile(opts Options) (x *Extractor, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("extract: %v", r)
		}
	}()
	m := opts.Model
	if m == nil {
		m = loadModel()
	}
	return &Extractor{model: m}, nil
}

// Result holds what was found in one text, each list sorted by offset.
type Result struct {
	Entities   []Entity   `json:"entities"`
	Quantities []Quantity `json:"quantities"`
	Dates      []Date     `json:"dates"`
}

// Extract runs every extractor over text. published is the article's own
// date, against which relative dates are resolved; the zero time means
// unknown.
func (x *Extractor) Extract(text string, published time.Time) Result {
	r := Result{Entities: x.Entities(text)}
	r.Quantities = nonNil(Quantities(text, r.Entities))
	r.Dates = nonNil(Dates(text, published))
	return r
}

// Entities finds the named entities of text, with canonical names.
func (x *Extractor) Entities(text string) []Entity {
	ents := modelEntities(text, x.tokens(text))
	for i := range ents {
		ents[i].Canonical = ents[i].Text
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	return nonNil(ents)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
