package extract

import (
	"regexp"
	"strings"
)

// canonicalise gives every mention the one name its entity carries, in
// this text and across texts:
//
//  1. the alias table's canonical ("ISIS-K", "IS-KP" -> "Islamic State
//     Khorasan Province"), else the gazetteer's ("U.S." -> "United
//     States", "ISLAMABAD" -> "Islamabad"); an acronym the text defines
//     takes its expansion's;
//  2. a person named with an office title takes the holder's name, and a
//     body in the title the office's body (titledHolders);
//  3. a surname alone takes the full name of the one person of the text
//     with that surname ("Mujahid" -> "Zabihullah Mujahid"), and a short
//     organisation name the longer one it ends ("Security Council" after
//     "UN Security Council");
//  4. spelling variants of one name share the form written most often;
//  5. every mention of one canonical takes the type most of them have,
//     unless the alias table fixed it or the gazetteer knows it as a
//     place, which may stand for a team or a government.
//
// A mention that none of these resolve is its own canonical, with a
// possessive dropped. On entry, Canonical holds the text of an acronym's
// expansion (set by addAcronyms) or is empty.
func canonicalise(text string, ents []Entity) {
	fixed := make([]bool, len(ents))
	for i := range ents {
		e := &ents[i]
		name := trimPossessive(e.Text)
		expansion := e.Canonical
		e.Canonical = ""
		for _, n := range []string{name, expansion} {
			if n == "" {
				continue
			}
			if a, ok := lookupAlias(n); ok && (e.Type != Person || a.Type == Person) {
				e.Canonical, e.Type, fixed[i] = a.Canonical, a.Type, true
				break
			}
			if g, ok := gazLookup(n); ok && (e.Type == g.Type || e.Type != Person) {
				e.Canonical = g.Canonical
				break
			}
		}
		if e.Canonical == "" {
			e.Canonical = name
			if expansion != "" {
				e.Canonical = expansion
			}
		}
	}
	nationalBodies(text, ents, fixed)
	parentBodies(text, ents, fixed)
	titledHolders(text, ents, fixed)
	resolveShortNames(ents, fixed)
	unifyVariants(ents)
	voteTypes(ents, fixed)
}

// resolveShortNames maps a surname alone to the full name of the text's
// one person with that surname, and a short organisation name to the one
// longer organisation name of the text that ends with it.
func resolveShortNames(ents []Entity, fixed []bool) {
	surnames := map[string]map[string]bool{} // last word -> full canonicals
	orgs := map[string]bool{}
	for _, e := range ents {
		words := strings.Fields(e.Canonical)
		if e.Type == Person && len(words) >= 2 {
			last := words[len(words)-1]
			if surnames[last] == nil {
				surnames[last] = map[string]bool{}
			}
			surnames[last][e.Canonical] = true
		}
		if e.Type == Org && len(strings.Fields(e.Text)) >= 2 {
			orgs[e.Text] = true
		}
	}
	for i := range ents {
		e := &ents[i]
		if fixed[i] {
			continue
		}
		if !strings.Contains(e.Canonical, " ") && (e.Type == Person || e.Type == Org || e.Type == GPE) {
			if full := surnames[e.Canonical]; len(full) == 1 {
				for c := range full {
					e.Canonical, e.Type = c, Person
				}
				continue
			}
		}
		if e.Type == Org && strings.Contains(e.Text, " ") && e.Canonical == trimPossessive(e.Text) {
			var longer []string
			for o := range orgs {
				if len(o) > len(e.Text) && strings.HasSuffix(o, " "+e.Text) {
					longer = append(longer, o)
				}
			}
			if len(longer) == 1 {
				for _, o := range ents {
					if o.Text == longer[0] {
						e.Canonical = o.Canonical
						break
					}
				}
			}
		}
	}
}

// unifyVariants gives mentions whose canonicals differ only in spelling
// (aliasKey) the form written most often, the earliest on a tie.
func unifyVariants(ents []Entity) {
	count := map[string]int{}
	first := map[string]int{}
	for i, e := range ents {
		count[e.Canonical]++
		if _, ok := first[e.Canonical]; !ok {
			first[e.Canonical] = i
		}
	}
	best := map[string]string{}
	for c := range count {
		k := aliasKey(c)
		b, ok := best[k]
		if !ok || count[c] > count[b] || count[c] == count[b] && first[c] < first[b] {
			best[k] = c
		}
	}
	for i := range ents {
		ents[i].Canonical = best[aliasKey(ents[i].Canonical)]
	}
}

// voteTypes gives every mention of a canonical the type most of its
// mentions have (the earliest mention's on a tie), so that one entity is
// not a place in one sentence and an organisation in the next.
func voteTypes(ents []Entity, fixed []bool) {
	votes := map[string]map[string]int{}
	firstType := map[string]string{}
	for i, e := range ents {
		if votes[e.Canonical] == nil {
			votes[e.Canonical] = map[string]int{}
			firstType[e.Canonical] = e.Type
		}
		w := 1
		if fixed[i] {
			w = 1000
		}
		votes[e.Canonical][e.Type] += w
	}
	for i := range ents {
		if _, place := gazLookup(ents[i].Canonical); place {
			continue // a place may stand for its team or government
		}
		v := votes[ents[i].Canonical]
		best := firstType[ents[i].Canonical]
		for _, t := range []string{GPE, Loc, NORP, Org, Person} {
			if v[t] > v[best] {
				best = t
			}
		}
		ents[i].Type = best
	}
}

// parentOf joins a body to the organisation it belongs to: "Council of
// Defence Ministers of the CSTO", "the Joint Staff chief of the CSTO".
var parentOf = regexp.MustCompile(`^ (?:(?:chief|head|secretary|director|commander|chairman|spokesman|spokeswoman|members?) )?of (?:the )?$`)

// parentBodies names a body after the organisation the text says it
// belongs to, so that "Joint Staff" of the CSTO and of NATO stay apart
// and every text names the CSTO's the same way, whatever alias it used
// for the CSTO.
func parentBodies(text string, ents []Entity, fixed []bool) {
	for i := 0; i+1 < len(ents); i++ {
		e, p := &ents[i], ents[i+1]
		if e.Type != Org || p.Type != Org || fixed[i] || !parentOf.MatchString(text[e.End:p.Start]) {
			continue
		}
		fixed[i] = nameAfter(e, e.Canonical+" of the "+p.Canonical)
	}
}

// nameAfter gives e the canonical name, or the alias table's canonical
// for it, reporting whether the table knew it.
func nameAfter(e *Entity, name string) bool {
	if a, ok := lookupAlias(name); ok {
		e.Canonical = a.Canonical
		return true
	}
	e.Canonical = name
	return false
}

// nationalHeads end the names of a state's own bodies.
var nationalHeads = map[string]bool{"Court": true, "Council": true, "Ministry": true,
	"Parliament": true, "Assembly": true, "Army": true, "Navy": true, "Government": true,
	"Cabinet": true, "Senate": true, "Congress": true, "Commission": true, "Committee": true,
	"Bank": true, "Service": true, "Guard": true, "Police": true, "Duma": true}

// nationalBodies names a state's body after its state when the text
// gives it with a possessive: "Russia's Supreme Court" -> "Supreme Court
// of Russia", the name the alias table and other texts use.
func nationalBodies(text string, ents []Entity, fixed []bool) {
	for i := 1; i < len(ents); i++ {
		p, e := ents[i-1], &ents[i]
		if gap := text[p.End:e.Start]; p.Type != GPE || e.Type != Org || fixed[i] || gap != "’s " && gap != "'s " {
			continue
		}
		words := strings.Fields(e.Text)
		if !nationalHeads[words[len(words)-1]] {
			continue
		}
		fixed[i] = nameAfter(e, e.Canonical+" of "+p.Canonical)
	}
}
