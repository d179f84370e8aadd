package extract

import (
	"fmt"
	"sync"
	"time"
)

// Options configure an Extractor. The zero value is ready to use.
type Options struct {
	// Tagger finds entity mentions; nil means the embedded model's,
	// decoded once per process and shared (it is immutable).
	Tagger *Tagger
}

// Extractor finds entities, quantities and dates. It is immutable once
// compiled and safe for concurrent use.
type Extractor struct {
	tagger *Tagger
}

// embeddedTagger decodes the embedded model on first use.
var embeddedTagger = sync.OnceValues(LoadTagger)

// Compile loads the models and rule tables an Extractor needs.
func Compile(opts Options) (*Extractor, error) {
	t := opts.Tagger
	if t == nil {
		var err error
		if t, err = embeddedTagger(); err != nil {
			return nil, fmt.Errorf("extract: loading the entity model: %w", err)
		}
	}
	return &Extractor{tagger: t}, nil
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

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
