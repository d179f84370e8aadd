package extract

import (
	"cmp"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// dateTriggers derives from a rule's regexp the strings one of which
// every match contains ("#" for any digit), so that the rule runs only
// near them; nil when no such set is found (the rule runs on every line).
// Rules are written in lower case, so the literals are too.
func dateTriggers(re *regexp.Regexp) (triggers []string, also [][]string) {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil, nil
	}
	tree = tree.Simplify()
	for tree.Op == syntax.OpCapture {
		tree = tree.Sub[0]
	}
	if tree.Op != syntax.OpConcat {
		return partLiterals(tree), nil
	}
	// Every required part of the top-level sequence must occur in a
	// match: the rarest places the windows, the others must also be
	// inside a window for it to be worth matching, and so must the
	// strings of the runs of parts that match few strings.
	var parts [][]string
	for _, sub := range tree.Sub {
		if l := partLiterals(sub); l != nil {
			parts = append(parts, l)
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	best := 0
	for i := range parts {
		if triggerScore(parts[i]) > triggerScore(parts[best]) {
			best = i
		}
	}
	for i, set := range parts {
		if i != best && triggerScore(set) >= 64 { // skip sets of lone letters: they filter nothing
			also = append(also, set)
		}
	}
	for _, set := range exactRuns(tree.Sub) {
		if triggerScore(set) >= 64 && len(set) <= 8 && !slices.ContainsFunc(set, func(s string) bool { return dateAnchorByte(s) < 0 }) &&
			!slices.ContainsFunc(parts, func(p []string) bool { return slices.Equal(p, set) }) {
			also = append(also, set)
		}
	}
	return parts[best], also
}

// dateTriggerIndex finds the triggers of all the rules in one pass over a
// line: a strings.Index per rule and trigger, most of them over the whole
// line, took a quarter of the date extraction time.
type dateTriggerIndex struct {
	nsets int
	// whole marks the trigger sets that are empty: their rules run on
	// the whole line.
	whole []bool
	// words are the distinct triggers other than "#", in sets[k] the
	// trigger sets holding words[k]; digitSets hold "#".
	words     []string
	sets      [][]int
	digitSets []int
	// byFirst lists the words by their first byte, next the bytes that
	// follow the first in one of them; single marks the words of one
	// byte.
	byFirst [256][]int
	next    [256]dateByteSet
	single  dateByteSet
}

// dateNewRuleSet numbers the distinct trigger sets of rules and indexes
// their triggers.
func dateNewRuleSet(rules []dateRule) *dateRuleSet {
	rs := &dateRuleSet{rules: rules}
	x := &rs.dateTriggerIndex
	var sets [][]string
	for i := range rules {
		r := &rules[i]
		r.triggerSet = slices.IndexFunc(sets, func(t []string) bool { return slices.Equal(t, r.triggers) })
		if r.triggerSet >= 0 {
			continue
		}
		r.triggerSet = len(sets)
		sets = append(sets, r.triggers)
		x.whole = append(x.whole, len(r.triggers) == 0)
		for _, t := range r.triggers {
			if t == "#" {
				x.digitSets = append(x.digitSets, r.triggerSet)
				continue
			}
			k := slices.Index(x.words, t)
			if k < 0 {
				k = len(x.words)
				x.words = append(x.words, t)
				x.sets = append(x.sets, nil)
				x.byFirst[t[0]] = append(x.byFirst[t[0]], k)
				if len(t) > 1 {
					x.next[t[0]].add(t[1])
				} else {
					x.single.add(t[0])
				}
			}
			x.sets[k] = append(x.sets[k], r.triggerSet)
		}
	}
	x.nsets = len(sets)
	return rs
}

// windows returns the windows of each trigger set in a lower-cased line
// (see dateWindows). A trigger's occurrences are those that successive
// strings.Index calls find, never overlapping one another. The result
// lives in sc and is valid until its next use.
func (x *dateTriggerIndex) windows(lower string, sc *dateWindowScratch) [][]dateWindow {
	if len(sc.hits) != x.nsets {
		sc.hits, sc.spans = make([][][2]int, x.nsets), make([][]dateWindow, x.nsets)
		sc.seen = make([]int, len(x.words))
	}
	hits, seen := sc.hits, sc.seen // seen: where each word's last occurrence ends
	for s := range hits {
		hits[s] = hits[s][:0]
	}
	clear(seen)
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		if c >= '0' && c <= '9' && (i == 0 || lower[i-1] < '0' || lower[i-1] > '9') {
			j := i + 1
			for j < len(lower) && lower[j] >= '0' && lower[j] <= '9' {
				j++
			}
			for _, s := range x.digitSets {
				hits[s] = append(hits[s], [2]int{i, j})
			}
		}
		if len(x.byFirst[c]) == 0 || i+1 < len(lower) && !x.next[c].has(lower[i+1]) && !x.single.has(c) {
			continue
		}
		for _, k := range x.byFirst[c] {
			w := x.words[k]
			if i >= seen[k] && strings.HasPrefix(lower[i:], w) {
				seen[k] = i + len(w)
				for _, s := range x.sets[k] {
					hits[s] = append(hits[s], [2]int{i, i + len(w)})
				}
			}
		}
	}
	spans := sc.spans
	for s := range spans {
		if x.whole[s] {
			spans[s] = append(spans[s][:0], dateWindow{0, len(lower), len(lower)})
		} else {
			spans[s] = dateWindows(lower, hits[s], spans[s][:0])
		}
	}
	return spans
}

// dateWindowScratch is the working memory of windows, reused from line
// to line.
type dateWindowScratch struct {
	hits  [][][2]int
	spans [][]dateWindow
	seen  []int
}

// dateWindowHas reports whether w holds one of the strings of set, in
// which "#" stands for any digit.
func dateWindowHas(w string, set []string) bool {
	for _, s := range set {
		switch {
		case s == "#":
			if strings.ContainsAny(w, "0123456789") {
				return true
			}
		case strings.Contains(s, "#"):
			if dateHasPattern(w, s) {
				return true
			}
		case strings.Contains(w, s):
			return true
		}
	}
	return false
}

// dateHasPattern reports whether w holds p, in which "#" stands for any
// digit; p holds a byte other than a digit or "#" (dateAnchorByte).
func dateHasPattern(w, p string) bool {
	a := dateAnchorByte(p)
	for from := a; from < len(w); from++ {
		k := strings.IndexByte(w[from:], p[a])
		if k < 0 {
			return false
		}
		from += k
		i := from - a
		if i+len(p) > len(w) {
			return false
		}
		j := 0
		for ; j < len(p); j++ {
			c := w[i+j]
			if p[j] != c && (p[j] != '#' || c < '0' || c > '9') {
				break
			}
		}
		if j == len(p) {
			return true
		}
	}
	return false
}

// dateAnchorByte returns the index of p's first byte that is neither a
// digit nor "#", or -1.
func dateAnchorByte(p string) int {
	return strings.IndexFunc(p, func(r rune) bool { return r != '#' && (r < '0' || r > '9') })
}

// requiredLiterals returns a set of strings at least one of which occurs
// in every match of re, or nil.
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCharClass:
		// A class of digits only ([0-9], \d) is the digit trigger.
		for i := 0; i < len(re.Rune); i += 2 {
			if re.Rune[i] < '0' || re.Rune[i+1] > '9' {
				return nil
			}
		}
		return []string{"#"}
	case syntax.OpCapture:
		return requiredLiterals(re.Sub[0])
	case syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
		return nil
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			l := requiredLiterals(sub)
			if l == nil {
				return nil
			}
			out = append(out, l...)
		}
		return dedupeTriggers(out)
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			l := partLiterals(sub)
			if l != nil && (best == nil || triggerScore(l) > triggerScore(best)) {
				best = l
			}
		}
		return best
	}
	return nil
}

// exactRuns returns, for each run of parts of the sequence subs that
// match few strings (exactStrings), those strings written out: a match
// of the sequence holds one string of each. "\d[.-]\d" makes "#.#" and
// "#-#", which a window must hold for the rule to be worth matching there.
func exactRuns(subs []*syntax.Regexp) [][]string {
	var sets [][]string
	var run []string // the strings of the run so far, nil outside one
	end := func() {
		if m := dateMinimal(run); len(m) > 0 && m[0] != "" {
			sets = append(sets, m)
		}
		run = nil
	}
	for _, sub := range subs {
		e, ok := exactStrings(sub)
		switch {
		case !ok:
			end()
		case run == nil:
			run = e
		default:
			if c := dateCross(run, e); c != nil {
				run = c
			} else { // too many strings: the part starts a new run
				end()
				run = e
			}
		}
	}
	end()
	return sets
}

// partLiterals is requiredLiterals, but for a part that matches few
// strings, none with a digit, it gives those strings themselves: the
// regexp parser writes "sat|saturday|sun|sunday" as
// "s(?:at(?:urday)?|un(?:day)?)", whose required literals are "at" and
// "un", in every other line of text.
func partLiterals(re *syntax.Regexp) []string {
	if e, ok := exactStrings(re); ok && !slices.ContainsFunc(e, func(s string) bool { return strings.Contains(s, "#") }) {
		if m := dateMinimal(e); m[0] != "" {
			return m
		}
		return nil
	}
	return requiredLiterals(re)
}

// dateExactMax bounds the strings of an exact set.
const dateExactMax = 64

// exactStrings returns the strings re matches, lower-cased, when there
// are at most dateExactMax of them, with "#" for a digit of a class of
// digits (so some strings stand for more) and "" for zero-width
// assertions.
func exactStrings(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []string{""}, true
	case syntax.OpLiteral:
		// A case-folded literal also matches letters outside ASCII
		// ("ſ" for "s"), which the lower-cased text keeps.
		l := strings.ToLower(string(re.Rune))
		return []string{l}, re.Flags&syntax.FoldCase == 0 && !strings.Contains(l, "#")
	case syntax.OpCharClass:
		if requiredLiterals(re) != nil { // digits only
			return []string{"#"}, true
		}
		var out []string
		for i := 0; i < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if r >= utf8.RuneSelf || r == '#' || len(out) == 8 {
					return nil, false
				}
				out = append(out, strings.ToLower(string(r)))
			}
		}
		return dateDistinct(out), true
	case syntax.OpCapture:
		return exactStrings(re.Sub[0])
	case syntax.OpQuest:
		e, ok := exactStrings(re.Sub[0])
		if !ok || len(e) == dateExactMax {
			return nil, false
		}
		return dateDistinct(append(slices.Clone(e), "")), true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			e, ok := exactStrings(sub)
			if !ok {
				return nil, false
			}
			if out = dateCross(out, e); out == nil {
				return nil, false
			}
		}
		return out, true
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			e, ok := exactStrings(sub)
			if !ok {
				return nil, false
			}
			out = append(out, e...)
		}
		out = dateDistinct(out)
		return out, len(out) <= dateExactMax
	}
	return nil, false
}

// dateCross returns the distinct strings of a followed by one of b, or
// nil when they are more than dateExactMax.
func dateCross(a, b []string) []string {
	if len(a)*len(b) > dateExactMax*dateExactMax {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	if out = dateDistinct(out); len(out) > dateExactMax {
		return nil
	}
	return out
}

// dateDistinct sorts set, shortest first, and drops its duplicates.
func dateDistinct(set []string) []string {
	slices.SortFunc(set, func(a, b string) int { return cmp.Or(len(a)-len(b), strings.Compare(a, b)) })
	return slices.Compact(set)
}

// dateMinimal returns the strings of set that hold none of the others,
// shortest first: a text holding one of set's strings holds one of
// these. It is [""] when set holds "".
func dateMinimal(set []string) []string {
	set = dateDistinct(slices.Clone(set))
	var out []string
	for _, s := range set {
		if !slices.ContainsFunc(out, func(t string) bool { return strings.Contains(s, t) }) {
			out = append(out, s)
		}
	}
	return out
}

// triggerScore ranks trigger sets: longer shortest strings are rarer in
// text, and fewer strings mean fewer scans; the digit trigger is weak.
func triggerScore(set []string) int {
	shortest := 1 << 30
	for _, s := range set {
		shortest = min(shortest, triggerWeight(s))
	}
	return shortest*64 - len(set)
}

// triggerWeight is how rare a trigger is in news text, as a length: a
// lone letter or space is everywhere, digits are common, a slash or a
// percent sign is as rare as a short word.
func triggerWeight(s string) int {
	if s == "#" {
		return 1
	}
	if len(s) == 1 {
		r := rune(s[0])
		switch {
		case unicode.IsLetter(r), unicode.IsSpace(r), strings.ContainsRune("-,.'", r):
			return 0
		default:
			return 3
		}
	}
	if strings.TrimFunc(s, unicode.IsSpace) == "" {
		return 0
	}
	return len(s)
}

func dedupeTriggers(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// dateAnchor sets up r.findAll's anchored matching, unless r.re can match
// the empty string, which FindAll treats specially.
func dateAnchor(r *dateRule) {
	tree, err := syntax.Parse(r.re.String(), syntax.Perl)
	if err != nil {
		return
	}
	var nullable [2]bool
	for i := range r.starts {
		r.starts[i], nullable[i] = dateFirstBytes(tree, i == 1)
	}
	if nullable[0] || nullable[1] {
		return
	}
	lits := dateLiteralPrefixes(tree)
	if !slices.ContainsFunc(lits, func(l dateLit) bool { return l.s == "" }) {
		for _, l := range lits {
			if !slices.Contains(r.prefixes[l.s[0]], l.s) {
				r.prefixes[l.s[0]] = append(r.prefixes[l.s[0]], l.s)
			}
		}
	}
	r.at = regexp.MustCompile(`^(?s:.)(` + r.re.String() + `)`)
	r.atStart = regexp.MustCompile(`^(` + r.re.String() + `)`)
}

// dateByteSet is a set of bytes, one bit each.
type dateByteSet [4]uint64

func (s *dateByteSet) add(b byte)      { s[b>>6] |= 1 << (b & 63) }
func (s *dateByteSet) has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }
func (s *dateByteSet) union(t dateByteSet) {
	s[0], s[1], s[2], s[3] = s[0]|t[0], s[1]|t[1], s[2]|t[2], s[3]|t[3]
}

func (s dateByteSet) and(t dateByteSet) dateByteSet {
	return dateByteSet{s[0] & t[0], s[1] & t[1], s[2] & t[2], s[3] & t[3]}
}

func (s *dateByteSet) addRange(lo, hi rune) {
	for r := lo; r <= min(hi, 0x7f); r++ {
		s.add(byte(r))
	}
	if hi >= 0x80 {
		// Any byte of a multi-byte or invalid sequence may come first.
		for b := 0x80; b <= 0xff; b++ {
			s.add(byte(b))
		}
	}
}

func (s *dateByteSet) addFolded(r rune) {
	s.addRange(r, r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		s.addRange(f, f)
	}
}

var dateWordBytes = func() (s dateByteSet) {
	for b := 0; b < 0x80; b++ {
		if syntax.IsWordChar(rune(b)) {
			s.add(byte(b))
		}
	}
	return s
}()

// dateFirstBytes returns the bytes a non-empty match of re can start
// with, when the character before the match is a word character (afterWord)
// or not, and whether re can match the empty string. A \b or \B before
// the first character narrows the set: rules start with \b, so most can
// only start at the first letter or digit of a word.
func dateFirstBytes(re *syntax.Regexp, afterWord bool) (first dateByteSet, nullable bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return first, false
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return first, true
		}
		if re.Flags&syntax.FoldCase != 0 {
			first.addFolded(re.Rune[0])
		} else {
			first.addRange(re.Rune[0], re.Rune[0])
		}
		return first, false
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			first.addRange(re.Rune[i], re.Rune[i+1])
		}
		return first, false
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		first.addRange(0, 0x10ffff)
		return first, false
	case syntax.OpCapture, syntax.OpPlus:
		return dateFirstBytes(re.Sub[0], afterWord)
	case syntax.OpRepeat:
		first, nullable = dateFirstBytes(re.Sub[0], afterWord)
		return first, nullable || re.Min == 0
	case syntax.OpStar, syntax.OpQuest:
		first, _ = dateFirstBytes(re.Sub[0], afterWord)
		return first, true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			f, n := dateFirstBytes(sub, afterWord)
			first.union(f)
			nullable = nullable || n
		}
		return first, nullable
	case syntax.OpConcat:
		all := dateByteSet{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
		notWord := dateByteSet{^dateWordBytes[0], ^dateWordBytes[1], ^dateWordBytes[2], ^dateWordBytes[3]}
		mask := all
		for _, sub := range re.Sub {
			switch {
			case sub.Op == syntax.OpWordBoundary && afterWord, sub.Op == syntax.OpNoWordBoundary && !afterWord:
				mask = mask.and(notWord)
				continue
			case sub.Op == syntax.OpWordBoundary, sub.Op == syntax.OpNoWordBoundary:
				mask = mask.and(dateWordBytes)
				continue
			}
			f, n := dateFirstBytes(sub, afterWord)
			first.union(f.and(mask))
			if !n {
				return first, false
			}
		}
		return first, true
	}
	// Other empty-width assertions consume nothing and are not narrowed
	// on.
	return first, true
}

// dateMaxPrefixes bounds the prefixes dateLiteralPrefixes expands a rule
// to: more cost more to try than the regexp they spare.
const dateMaxPrefixes = 256

// dateLit is a string that a match starts with, or, when exact, that it
// is.
type dateLit struct {
	s     string
	exact bool
}

// dateLiteralPrefixes returns strings one of which every match of re
// starts with (or is, where exact). A string "" that is not exact says
// nothing.
func dateLiteralPrefixes(re *syntax.Regexp) []dateLit {
	none := []dateLit{{"", false}}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []dateLit{{"", true}}
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return none
		}
		return []dateLit{{string(re.Rune), true}}
	case syntax.OpCharClass:
		var lits []dateLit
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(lits) == 16 {
					return none
				}
				lits = append(lits, dateLit{string(r), true})
			}
		}
		return lits
	case syntax.OpCapture:
		return dateLiteralPrefixes(re.Sub[0])
	case syntax.OpQuest:
		return append(slices.Clip(dateLiteralPrefixes(re.Sub[0])), dateLit{"", true})
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		// One repetition or more starts with a match of the
		// repeated part, whose end is unknown.
		var lits []dateLit
		for _, l := range dateLiteralPrefixes(re.Sub[0]) {
			lits = append(lits, dateLit{l.s, false})
		}
		if re.Op == syntax.OpStar || re.Op == syntax.OpRepeat && re.Min == 0 {
			lits = append(lits, dateLit{"", true})
		}
		return lits
	case syntax.OpAlternate:
		var lits []dateLit
		for _, sub := range re.Sub {
			lits = append(lits, dateLiteralPrefixes(sub)...)
		}
		return dateTrimPrefixes(lits)
	case syntax.OpConcat:
		lits := []dateLit{{"", true}}
		for _, sub := range re.Sub {
			l := dateLiteralPrefixes(sub)
			var next []dateLit
			for _, a := range lits {
				if !a.exact {
					next = append(next, a)
					continue
				}
				for _, b := range l {
					next = append(next, dateLit{a.s + b.s, b.exact})
				}
			}
			lits = dateTrimPrefixes(next)
		}
		return lits
	}
	return none
}

// dateTrimPrefixes cuts lits short until they are few enough: a shorter
// start is still a start.
func dateTrimPrefixes(lits []dateLit) []dateLit {
	for n := 8; ; n-- {
		lits = dateUniquePrefixes(lits)
		if len(lits) <= dateMaxPrefixes || n == 0 {
			break
		}
		for i, l := range lits {
			if len(l.s) > n {
				lits[i] = dateLit{l.s[:n], false}
			}
		}
	}
	if len(lits) > dateMaxPrefixes {
		return []dateLit{{"", false}}
	}
	return lits
}

func dateUniquePrefixes(lits []dateLit) []dateLit {
	slices.SortFunc(lits, func(a, b dateLit) int {
		if c := strings.Compare(a.s, b.s); c != 0 {
			return c
		}
		if a.exact == b.exact {
			return 0
		}
		if a.exact {
			return 1
		}
		return -1
	})
	return slices.Compact(lits)
}
