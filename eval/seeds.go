package eval

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/reader"
)

// GoldArticle is one hand-annotated article of testdata/gold/seeds.
type GoldArticle struct {
	Source     string             `json:"source"`
	Published  string             `json:"published"`
	Entities   []extract.Entity   `json:"entities"`
	Quantities []extract.Quantity `json:"quantities"`
	Dates      []extract.Date     `json:"dates"`
}

// ExtractFunc runs extraction on one article's text.
type ExtractFunc func(text string, published time.Time) extract.Result

// SeedResult scores extraction on the hand-annotated seeds.
type SeedResult struct {
	Articles int `json:"articles"`
	// Entities by type and all together: exact span and type.
	Entities   map[string]Score `json:"entities"`
	EntityAll  Score            `json:"entity_all"`
	Canonical  Accuracy         `json:"canonical"`  // among matched entities
	Quantities Score            `json:"quantities"` // exact span
	// QuantityBounds counts a match only when the bounds agree too.
	QuantityBounds Score    `json:"quantity_bounds"`
	QtyValue       Accuracy `json:"quantity_value"` // among span matches
	QtyQualifier   Accuracy `json:"quantity_qualifier"`
	QtyUnit        Accuracy `json:"quantity_unit"`
	QtySubject     Accuracy `json:"quantity_subject"`
	Dates          Score    `json:"dates"` // exact span
	DateValue      Accuracy `json:"date_value"`
	// Misses lists gold items not found and spurious predictions, for
	// reading: "002 entity PERSON \"Belousov\" missed".
	Misses []string `json:"misses,omitempty"`
}

// Accuracy is Correct out of Total.
type Accuracy struct {
	Correct int `json:"correct"`
	Total   int `json:"total"`
}

// Rate is Correct / Total.
func (a Accuracy) Rate() float64 { return ratio(a.Correct, a.Total) }

func (a *Accuracy) add(ok bool) {
	a.Total++
	if ok {
		a.Correct++
	}
}

// LoadGold reads every *.json file of dir, sorted by name, checking that
// each mention's offsets hold in the article it annotates (read from
// root/source exactly as the pipeline reads it).
func LoadGold(dir, root string) ([]GoldArticle, []string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(paths)
	var golds []GoldArticle
	var texts []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		var g GoldArticle
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		a, err := readArticle(filepath.Join(root, g.Source), g.Source)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p, err)
		}
		check := func(kind, text string, start, end int) error {
			if start < 0 || end > len(a.Text) || start > end || a.Text[start:end] != text {
				return fmt.Errorf("%s: %s %q at %d:%d does not match %s", p, kind, text, start, end, g.Source)
			}
			return nil
		}
		for _, e := range g.Entities {
			if err := check("entity", e.Text, e.Start, e.End); err != nil {
				return nil, nil, err
			}
		}
		for _, q := range g.Quantities {
			if err := check("quantity", q.Text, q.Start, q.End); err != nil {
				return nil, nil, err
			}
		}
		for _, d := range g.Dates {
			if err := check("date", d.Text, d.Start, d.End); err != nil {
				return nil, nil, err
			}
		}
		golds = append(golds, g)
		texts = append(texts, a.Text)
	}
	if len(golds) == 0 {
		return nil, nil, fmt.Errorf("%s: no gold files", dir)
	}
	return golds, texts, nil
}

// readArticle reads a file as `ingest index` does, normalised.
func readArticle(path, source string) (reader.Article, error) {
	var a reader.Article
	var rerr error
	reader.ReadFile(reader.File{Path: path, Source: source}, reader.Options{}, func(got reader.Article, err error) {
		a, rerr = got, err
	})
	return reader.Normalize(a), rerr
}

// Seeds scores x on the gold seeds in dir (testdata/gold/seeds), whose
// sources are relative to root (the repository).
func Seeds(dir, root string, x ExtractFunc) (SeedResult, error) {
	golds, texts, err := LoadGold(dir, root)
	if err != nil {
		return SeedResult{}, err
	}
	r := SeedResult{Entities: map[string]Score{}}
	for i, g := range golds {
		var pub time.Time
		if g.Published != "" {
			pub, _ = time.Parse(time.DateOnly, g.Published)
		}
		got := x(texts[i], pub)
		r.Articles++
		name := filepath.Base(g.Source)
		if len(name) > 3 {
			name = name[:3]
		}
		r.scoreEntities(name, g.Entities, got.Entities)
		r.scoreQuantities(name, g.Quantities, got.Quantities)
		r.scoreDates(name, g.Dates, got.Dates)
	}
	for _, s := range r.Entities {
		r.EntityAll = r.EntityAll.Add(s)
	}
	return r, nil
}

type span struct{ start, end int }

func (r *SeedResult) scoreEntities(name string, gold, got []extract.Entity) {
	type key struct {
		span
		typ string
	}
	pred := map[key]extract.Entity{}
	for _, e := range got {
		pred[key{span{e.Start, e.End}, e.Type}] = e
	}
	matched := map[key]bool{}
	for _, g := range gold {
		k := key{span{g.Start, g.End}, g.Type}
		s := r.Entities[g.Type]
		if p, ok := pred[k]; ok && !matched[k] {
			matched[k] = true
			s.TP++
			r.Canonical.add(p.Canonical == g.Canonical)
			if p.Canonical != g.Canonical {
				r.Misses = append(r.Misses, fmt.Sprintf("%s entity %s %q canonical %q, want %q", name, g.Type, g.Text, p.Canonical, g.Canonical))
			}
		} else {
			s.FN++
			r.Misses = append(r.Misses, fmt.Sprintf("%s entity %s %q missed", name, g.Type, g.Text))
		}
		r.Entities[g.Type] = s
	}
	for _, e := range got {
		k := key{span{e.Start, e.End}, e.Type}
		if !matched[k] {
			matched[k] = true // count a repeated prediction once
			s := r.Entities[e.Type]
			s.FP++
			r.Entities[e.Type] = s
			r.Misses = append(r.Misses, fmt.Sprintf("%s entity %s %q spurious", name, e.Type, e.Text))
		}
	}
}

func sameBound(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func (r *SeedResult) scoreQuantities(name string, gold, got []extract.Quantity) {
	pred := map[span]extract.Quantity{}
	for _, q := range got {
		pred[span{q.Start, q.End}] = q
	}
	used := map[span]bool{}
	for _, g := range gold {
		k := span{g.Start, g.End}
		p, ok := pred[k]
		if !ok {
			r.Quantities.FN++
			r.QuantityBounds.FN++
			r.Misses = append(r.Misses, fmt.Sprintf("%s quantity %q missed", name, g.Text))
			continue
		}
		used[k] = true
		r.Quantities.TP++
		bounds := sameBound(p.Low, g.Low) && sameBound(p.High, g.High)
		if bounds {
			r.QuantityBounds.TP++
		} else {
			r.QuantityBounds.FN++
			r.QuantityBounds.FP++
		}
		r.QtyValue.add(bounds)
		r.QtyQualifier.add(p.Qualifier == g.Qualifier)
		r.QtyUnit.add(p.Unit == g.Unit)
		r.QtySubject.add(p.Subject == g.Subject)
		if !bounds || p.Qualifier != g.Qualifier || p.Unit != g.Unit || p.Subject != g.Subject {
			r.Misses = append(r.Misses, fmt.Sprintf("%s quantity %q got %s..%s %s %q %q, want %s..%s %s %q %q", name, g.Text,
				fmtBound(p.Low), fmtBound(p.High), p.Qualifier, p.Unit, p.Subject,
				fmtBound(g.Low), fmtBound(g.High), g.Qualifier, g.Unit, g.Subject))
		}
	}
	for _, q := range got {
		if k := (span{q.Start, q.End}); !used[k] {
			used[k] = true
			r.Quantities.FP++
			r.QuantityBounds.FP++
			r.Misses = append(r.Misses, fmt.Sprintf("%s quantity %q spurious", name, q.Text))
		}
	}
}

func fmtBound(v *float64) string {
	if v == nil {
		return "∞"
	}
	return fmt.Sprintf("%g", *v)
}

func (r *SeedResult) scoreDates(name string, gold, got []extract.Date) {
	pred := map[span]extract.Date{}
	for _, d := range got {
		pred[span{d.Start, d.End}] = d
	}
	used := map[span]bool{}
	for _, g := range gold {
		k := span{g.Start, g.End}
		p, ok := pred[k]
		if !ok {
			r.Dates.FN++
			r.Misses = append(r.Misses, fmt.Sprintf("%s date %q missed", name, g.Text))
			continue
		}
		used[k] = true
		r.Dates.TP++
		ok = p.Value == g.Value && p.Mod == g.Mod
		r.DateValue.add(ok)
		if !ok {
			r.Misses = append(r.Misses, fmt.Sprintf("%s date %q = %s %s, want %s %s", name, g.Text, p.Value, p.Mod, g.Value, g.Mod))
		}
	}
	for _, d := range got {
		if k := (span{d.Start, d.End}); !used[k] {
			used[k] = true
			r.Dates.FP++
			r.Misses = append(r.Misses, fmt.Sprintf("%s date %q spurious", name, d.Text))
		}
	}
}
