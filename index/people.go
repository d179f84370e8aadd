package index

import (
	"strings"

	"github.com/ingest-news/ingest/extract"
)

// people resolves a surname that an article gives alone to the one full
// name the index knows with that surname, so that "Belousov" in one
// report and "Andrey Belousov" in another are one person in the entity
// fields and facets. Extraction does this within one text; across texts
// it needs what the index holds. A surname two known people share
// ("Sharif") stays as written.
type people struct {
	full map[string]map[string]bool // surname -> full canonicals
}

// loadPeople reads the person names the index holds.
func (ix *Index) loadPeople() error {
	p := &people{full: map[string]map[string]bool{}}
	err := ix.eachTerm(FieldPerson, "", func(term string) bool {
		p.add(term)
		return true
	})
	if err != nil {
		return err
	}
	ix.people = p
	return nil
}

// add learns a full name. A name new to the table is copied first: an
// entity's name can share memory with its article's text, which a map
// that lasts the whole run would then keep alive.
func (p *people) add(name string) {
	i := strings.LastIndexByte(name, ' ')
	if i < 0 || p.full[name[i+1:]][name] {
		return
	}
	name = strings.Clone(name)
	last := name[i+1:]
	if p.full[last] == nil {
		p.full[last] = map[string]bool{}
	}
	p.full[last][name] = true
}

// resolve rewrites the article's one-word person canonicals, then learns
// its full names. The article's own full names count first: a text that
// names "Andrey Belousov" once has already resolved its "Belousov".
func (p *people) resolve(ents []extract.Entity) {
	for _, e := range ents {
		if e.Type == extract.Person {
			p.add(e.Canonical)
		}
	}
	for i := range ents {
		e := &ents[i]
		if e.Type != extract.Person || strings.Contains(e.Canonical, " ") {
			continue
		}
		if full := p.full[e.Canonical]; len(full) == 1 {
			for name := range full {
				e.Canonical = name
			}
		}
	}
}
