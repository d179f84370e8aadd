package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// The tagger's features are hashed: a template id mixed with the hashes of
// the strings it looks at. Nothing is allocated per feature, and training
// and tagging share this file, so they cannot drift apart.

// Feature templates. The numbers are part of the model format: append new
// ones, never renumber.
const (
	nerFBias = iota + 1
	nerFWord
	nerFLower
	nerFLowerM1
	nerFLowerP1
	nerFLowerM2
	nerFLowerP2
	nerFBigramM1
	nerFBigramP1
	nerFShape
	nerFLongShape
	nerFShapeM1
	nerFShapeP1
	nerFShapeM2
	nerFShapeP2
	nerFShape3
	nerFShapeM1Cur
	nerFShapeCurP1
	nerFPrefix
	nerFSuffix
	nerFFlags
	nerFInitialShape
	nerFInitialLower
	nerFCapsSentShape
	nerFCapsSentLower
	nerFNumSentShape
	nerFNumSentLower
	nerFCommonShape
	nerFCommonInitialShape
	nerFDocTitleShape
	nerFDocLowerShape
	nerFGaz
	nerFGazShape
	nerFLowerM1Shape
	nerFWordP1Shape
	nerFDocTitleCaps
	nerFSuffixP1
	nerFSuffixM1
	nerFWordM1Exact
	nerFWordP1Exact
	nerFPass1
	nerFPass1M1
	nerFPass1P1
	nerFDocPred
	nerFDocPredShape
	nerFDocPredCaps
	nerFDocPredM1
	nerFDocPredP1
	nerFPass1Lower
)

// Token flags.
const (
	nerTitle = 1 << iota
	nerAllCaps
	nerLowerCase
	nerHasDigit
	nerAllDigit
	nerHasHyphen
	nerHasPeriod
	nerPunct
	nerInitial
)

// Commonness of a word's lowercase form in the training text.
const (
	nerUnseen      = 0
	nerNeverLower  = 1 // seen, never written in lower case
	nerRarelyLower = 2 // lower case in under half its uses
	nerMostlyLower = 3 // a common word
)

// nerGazMaxLen is the longest entity, in tokens, the gazetteer matches.
const nerGazMaxLen = 6

// Hashes of the padding beyond a sentence's edges.
var (
	nerPadStart = xxhash.Sum64String("<S>")
	nerPadEnd   = xxhash.Sum64String("</S>")
)

// nerMix combines two hashes (splitmix64's finaliser over their blend).
func nerMix(a, b uint64) uint64 {
	h := a*0x9e3779b97f4a7c15 ^ (b + 0x632be59bd9b4e019 + (a << 6) + (a >> 2))
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// nerSpanHash hashes a run of lowercase token hashes: the gazetteer's key.
func nerSpanHash(lowers []uint64) uint64 {
	h := uint64(0x51ed27)
	for _, l := range lowers {
		h = nerMix(h, l)
	}
	return h
}

// nerTables are what features look up beyond the tokens themselves: the
// training text's statistics, shipped in the model.
type nerTables struct {
	// common maps a lowercase form's hash to its commonness.
	common *nerByteTable
	// gaz returns the entity types (bit per type) a span hash is known as.
	gaz func(h uint64) uint8
}

// nerTokInfo is what features need of one token, computed once.
type nerTokInfo struct {
	word, lower, shape, long uint64
	pre, suf                 [4]uint64
	flags                    uint16
	common                   uint8
	docTitle, docLower       bool
	// gaz holds, per type, the token's place in a gazetteer match: 0 none,
	// 1 begin, 2 inside, 3 last, 4 unit.
	gaz [nerTypes]uint8
	// pass1 is the previous pass's label; docPred what that pass said of
	// the word's other capitalised uses in the document: 0 nothing, else
	// 1 + the commonest type (nerTypes for none), +8 when all agreed.
	pass1, docPred uint8
}

// nerSent is a sentence, tokens [start, end) of its document, with what
// holds for the whole sentence.
type nerSent struct {
	start, end int
	caps, nums bool
}

// nerDocFeats is a document ready for feature extraction.
type nerDocFeats struct {
	toks  []nerTokInfo
	sents []nerSent
	// forms numbers each token's lowercase form within the document, from
	// 0 to nforms-1, for the counts by form of nerDocContext and
	// nerPredContext (numberForms). The rest is their working memory,
	// kept for the next document.
	forms     []int32
	nforms    int
	formAt    nerWordTable
	counts    []int32
	typeCount [][nerTypes + 1]int32
	self      []bool
}

// numberForms sets d.forms and d.nforms. Per-document Go maps keyed by
// the forms' hashes spent a tenth of the tagger's time in being built,
// grown and probed, twice for every document; this is one pass over the
// tokens with a table reused from document to document, unless it is
// far larger than the document needs (emptying it costs its size).
func (d *nerDocFeats) numberForms() {
	n := len(d.toks)
	if size := len(d.formAt.offs); size < 2*n || size > 16*max(n, 64) {
		d.formAt = newNERWordTable(n)
	} else {
		d.formAt.reset()
	}
	d.forms = slices.Grow(d.forms[:0], n)[:n]
	d.nforms = 0
	for k := range d.toks {
		h := d.toks[k].lower
		f, ok := d.formAt.get(h)
		if !ok {
			f = int32(d.nforms)
			d.formAt.put(h, f)
			d.nforms++
		}
		d.forms[k] = f
	}
}

// nerPrepare computes token and document information for words (the
// document's tokens) split into sentences at ends.
func nerPrepare(words []string, ends []int, tab *nerTables) *nerDocFeats {
	d := &nerDocFeats{}
	nerPrepareIn(d, nil, words, ends, tab)
	return d
}

// nerPrepareIn is nerPrepare into d, reusing its memory and that of
// lowers (scratch for the lower-cased words), which it returns.
func nerPrepareIn(d *nerDocFeats, lowers []string, words []string, ends []int, tab *nerTables) []string {
	d.toks = slices.Grow(d.toks[:0], len(words))[:len(words)]
	clear(d.toks)
	d.sents = d.sents[:0]
	lowers = slices.Grow(lowers[:0], len(words))[:len(words)]
	start := 0
	for _, end := range ends {
		if end <= start {
			continue
		}
		s := nerSent{start: start, end: end}
		var caps, letters, nums int
		for k := start; k < end; k++ {
			t := &d.toks[k]
			w := words[k]
			lowers[k] = nerInfo(t, w)
			if t.flags&(nerTitle|nerAllCaps|nerLowerCase) != 0 {
				letters++
				if t.flags&nerAllCaps != 0 {
					caps++
				}
			}
			if t.flags&nerHasDigit != 0 {
				nums++
			}
			if tab != nil && tab.common != nil {
				t.common = tab.common.get(t.lower)
			}
		}
		if tab != nil && nerTitleHeadline(d.toks[start:end], lowers[start:end]) {
			// Title case carries no more news than all caps does, and
			// the training text's headlines are in caps: tag the line as
			// one of those.
			caps, letters = 0, 0
			for k := start; k < end; k++ {
				t := &d.toks[k]
				common := t.common
				*t = nerTokInfo{}
				nerInfo(t, strings.ToUpper(words[k]))
				t.common = common
				if t.flags&(nerTitle|nerAllCaps|nerLowerCase) != 0 {
					letters++
					if t.flags&nerAllCaps != 0 {
						caps++
					}
				}
			}
		}
		d.toks[start].flags |= nerInitial
		s.caps = letters >= 2 && caps*10 >= letters*7
		s.nums = nums*3 >= end-start && nums >= 2
		d.sents = append(d.sents, s)
		start = end
	}
	nerDocContext(d, lowers)
	if tab != nil && tab.gaz != nil {
		nerGazetteer(d, tab.gaz)
	}
	clear(lowers)
	return lowers
}

// nerFunctionWords stay lower case in title-case headlines.
var nerFunctionWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true,
	"by": true, "for": true, "from": true, "in": true, "into": true, "of": true,
	"on": true, "or": true, "over": true, "the": true, "to": true, "up": true,
	"vs": true, "with": true,
}

// nerTitleHeadline reports whether a sentence is a headline in title case
// ("IS-K Strengthens Hold in Afghanistan"): every word but function words
// capitalised, three or more of them, and at least two and a quarter of
// them common words capitalised away from the start, which running text
// never does. Lists of names and results ("Sidi Kacem 0 Royal Armed
// Forces 0") and datelines ending in a period are not headlines.
func nerTitleHeadline(toks []nerTokInfo, lowers []string) bool {
	title, commonTitle := 0, 0
	if n := len(toks); n > 0 && lowers[n-1] == "." {
		return false
	}
	for k := range toks {
		t := &toks[k]
		switch {
		case t.flags&nerAllDigit != 0:
			return false
		case t.flags&nerPunct != 0:
		case t.flags&nerLowerCase != 0:
			if !nerFunctionWords[lowers[k]] {
				return false
			}
		case t.flags&nerTitle != 0:
			title++
			if k > 0 && t.common == nerMostlyLower {
				commonTitle++
			}
		}
	}
	return title >= 3 && commonTitle >= 2 && 4*commonTitle >= title
}

// nerDocContext records, for each token, whether its lowercase form is
// written elsewhere in the document in title case away from a sentence's
// start (outside all-caps lines), or in lower case: a headline's "RUSSIA"
// is a name when the body says "Russia", a common word when it says
// "russia" never and "the" often.
func nerDocContext(d *nerDocFeats, lowers []string) {
	d.numberForms()
	// title counts by form at [2f], lower at [2f+1].
	counts := slices.Grow(d.counts[:0], 2*d.nforms)[:2*d.nforms]
	clear(counts)
	titleSelf := slices.Grow(d.self[:0], len(d.toks))[:len(d.toks)]
	clear(titleSelf)
	d.counts, d.self = counts, titleSelf
	for _, s := range d.sents {
		if s.caps {
			continue
		}
		for k := s.start; k < s.end; k++ {
			t := &d.toks[k]
			f := d.forms[k]
			if t.flags&nerTitle != 0 && k > s.start {
				counts[2*f]++
				titleSelf[k] = true
			}
			if t.flags&nerLowerCase != 0 {
				counts[2*f+1]++
			}
		}
	}
	for k := range d.toks {
		t := &d.toks[k]
		f := d.forms[k]
		n := counts[2*f]
		if titleSelf[k] {
			n--
		}
		t.docTitle = n > 0
		m := counts[2*f+1]
		if t.flags&nerLowerCase != 0 {
			m--
		}
		t.docLower = m > 0
	}
}

// nerGazetteer marks the longest gazetteer matches, left to right, in each
// sentence. A match must start with a token that is not lower case.
func nerGazetteer(d *nerDocFeats, gaz func(uint64) uint8) {
	var lows [nerGazMaxLen]uint64
	for _, s := range d.sents {
		for k := s.start; k < s.end; {
			if d.toks[k].flags&(nerLowerCase|nerPunct) != 0 {
				k++
				continue
			}
			bestLen, bestMask := 0, uint8(0)
			for n := 1; n <= nerGazMaxLen && k+n <= s.end; n++ {
				lows[n-1] = d.toks[k+n-1].lower
				if m := gaz(nerSpanHash(lows[:n])); m != 0 {
					bestLen, bestMask = n, m
				}
			}
			if bestLen == 0 {
				k++
				continue
			}
			for ty := 0; ty < nerTypes; ty++ {
				if bestMask&(1<<ty) == 0 {
					continue
				}
				for j := 0; j < bestLen; j++ {
					var pos uint8
					switch {
					case bestLen == 1:
						pos = 4
					case j == 0:
						pos = 1
					case j == bestLen-1:
						pos = 3
					default:
						pos = 2
					}
					d.toks[k+j].gaz[ty] = pos
				}
			}
			k += bestLen
		}
	}
}

// nerInfo fills t for word w and returns w's lowercase form.
func nerInfo(t *nerTokInfo, w string) string {
	lw := strings.ToLower(w)
	t.word = xxhash.Sum64String(w)
	t.lower = xxhash.Sum64String(lw)
	var short, long [32]byte
	ns, nl := 0, 0
	var last byte
	run := 0
	upper, lowerN, digits, letters, others, n := 0, 0, 0, 0, 0, 0
	firstUpper := false
	for _, r := range w {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
			if n == 0 {
				firstUpper = true
			}
		case unicode.IsLetter(r):
			c = 'x'
			lowerN++
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			digits++
		default:
			others++
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '~'
			}
			if r == '-' {
				t.flags |= nerHasHyphen
			}
			if r == '.' {
				t.flags |= nerHasPeriod
			}
		}
		n++
		if c == last {
			run++
		} else {
			run = 1
		}
		if c != last && ns < len(short) {
			short[ns] = c
			ns++
		}
		if run <= 3 && nl < len(long) {
			long[nl] = c
			nl++
		}
		last = c
	}
	t.shape = xxhash.Sum64(short[:ns])
	t.long = xxhash.Sum64(long[:nl])
	switch {
	case letters == 0 && digits == 0:
		t.flags |= nerPunct
	case upper > 0 && lowerN == 0:
		t.flags |= nerAllCaps
	case firstUpper:
		t.flags |= nerTitle
	case lowerN > 0 && upper == 0:
		t.flags |= nerLowerCase
	}
	if digits > 0 {
		t.flags |= nerHasDigit
		if letters == 0 && others == 0 {
			t.flags |= nerAllDigit
		}
	}
	// Prefixes and suffixes of 1 to 4 characters, by rune.
	runes := 0
	for k := range lw {
		// lw[:k] is the prefix of runes characters.
		if runes > 0 && runes <= 4 {
			t.pre[runes-1] = xxhash.Sum64String(lw[:k])
		}
		runes++
	}
	if runes <= 4 && runes > 0 {
		t.pre[runes-1] = t.lower
	}
	end := len(lw)
	for j := 0; j < 4; j++ {
		if end == 0 {
			break
		}
		_, size := utf8.DecodeLastRuneInString(lw[:end])
		end -= size
		t.suf[j] = xxhash.Sum64String(lw[end:])
	}
	return lw
}

// nerFeatures appends the hashed features of token k in sentence s. They
// come in groups by what they look at, so that the tagger can add up the
// weights of the groups that depend on one token's word alone once per
// word (see nerWordCache): the token's own word, each of its neighbours'
// words, and the context, which is everything else.
func nerFeatures(d *nerDocFeats, s nerSent, k int, dst []uint64) []uint64 {
	dst = nerWordFeatures(&d.toks[k], s, dst)
	for g := nerGM2; g <= nerGP2; g++ {
		if j := k + nerGroupOffset[g]; j >= s.start && j < s.end {
			dst = nerNeighbourFeatures(g, &d.toks[j], dst)
		} else {
			dst = nerPadFeatures(g, dst)
		}
	}
	return nerContextFeatures(d, s, k, dst)
}

// Feature groups: the token's own word, and its neighbours' at offsets
// -2, -1, +1 and +2.
const (
	nerGWord = iota
	nerGM2
	nerGM1
	nerGP1
	nerGP2
	nerGroups
)

// nerGroupOffset is each neighbour group's offset from the token tagged.
var nerGroupOffset = [nerGroups]int{nerGM2: -2, nerGM1: -1, nerGP1: 1, nerGP2: 2}

// nerWordKey identifies what nerWordFeatures and nerNeighbourFeatures
// see of token t in sentence s: its word's hash, its flags and
// commonness, and the sentence's casing.
func nerWordKey(t *nerTokInfo, s nerSent) uint64 {
	v := uint64(t.flags)<<8 | uint64(t.common)
	if s.caps {
		v |= 1 << 24
	}
	if s.nums {
		v |= 1 << 25
	}
	return nerMix(t.word, v)
}

// nerWordFeatures appends the features of token t that depend only on
// its word (and on what nerWordKey adds).
func nerWordFeatures(t *nerTokInfo, s nerSent, dst []uint64) []uint64 {
	f := func(tid int, v uint64) { dst = append(dst, nerMix(uint64(tid), v)) }
	f(nerFBias, 0)
	f(nerFWord, t.word)
	f(nerFLower, t.lower)
	f(nerFShape, t.shape)
	f(nerFLongShape, t.long)
	for j := 0; j < 4; j++ {
		if t.pre[j] != 0 {
			f(nerFPrefix, nerMix(uint64(j), t.pre[j]))
		}
		if t.suf[j] != 0 {
			f(nerFSuffix, nerMix(uint64(j), t.suf[j]))
		}
	}
	f(nerFFlags, uint64(t.flags))
	initial := uint64(0)
	if t.flags&nerInitial != 0 {
		initial = 1
		f(nerFInitialShape, t.shape)
		f(nerFInitialLower, t.lower)
	}
	if s.caps {
		f(nerFCapsSentShape, t.shape)
		f(nerFCapsSentLower, t.lower)
	}
	if s.nums {
		f(nerFNumSentShape, t.shape)
		f(nerFNumSentLower, t.lower)
	}
	f(nerFCommonShape, nerMix(uint64(t.common), t.shape))
	f(nerFCommonInitialShape, nerMix(uint64(t.common)<<1|initial, t.shape))
	return dst
}

// nerNeighbourFeatures appends the features that neighbour t gives the
// token at offset -nerGroupOffset[g] from it.
func nerNeighbourFeatures(g int, t *nerTokInfo, dst []uint64) []uint64 {
	return nerNeighbour(g, t.lower, t.word, t.shape, t.suf[2], dst)
}

// nerPadFeatures appends group g's features for a neighbour beyond the
// sentence's edge.
func nerPadFeatures(g int, dst []uint64) []uint64 {
	pad := nerPadEnd
	if nerGroupOffset[g] < 0 {
		pad = nerPadStart
	}
	return nerNeighbour(g, pad, pad, pad, pad, dst)
}

func nerNeighbour(g int, lower, word, shape, suf uint64, dst []uint64) []uint64 {
	f := func(tid int, v uint64) { dst = append(dst, nerMix(uint64(tid), v)) }
	switch g {
	case nerGM2:
		f(nerFLowerM2, lower)
		f(nerFShapeM2, shape)
	case nerGM1:
		f(nerFLowerM1, lower)
		f(nerFWordM1Exact, word)
		f(nerFShapeM1, shape)
		f(nerFSuffixM1, suf)
	case nerGP1:
		f(nerFLowerP1, lower)
		f(nerFWordP1Exact, word)
		f(nerFShapeP1, shape)
		f(nerFSuffixP1, suf)
	case nerGP2:
		f(nerFLowerP2, lower)
		f(nerFShapeP2, shape)
	}
	return dst
}

// nerContextFeatures appends the features of token k that combine it
// with its neighbours or depend on the document.
func nerContextFeatures(d *nerDocFeats, s nerSent, k int, dst []uint64) []uint64 {
	t := &d.toks[k]
	lowerAt := func(j int) uint64 {
		switch {
		case j < s.start:
			return nerPadStart
		case j >= s.end:
			return nerPadEnd
		}
		return d.toks[j].lower
	}
	shapeAt := func(j int) uint64 {
		switch {
		case j < s.start:
			return nerPadStart
		case j >= s.end:
			return nerPadEnd
		}
		return d.toks[j].shape
	}
	f := func(tid int, v uint64) { dst = append(dst, nerMix(uint64(tid), v)) }
	m1, p1 := lowerAt(k-1), lowerAt(k+1)
	f(nerFBigramM1, nerMix(m1, t.lower))
	f(nerFBigramP1, nerMix(t.lower, p1))
	sm1, sp1 := shapeAt(k-1), shapeAt(k+1)
	f(nerFShape3, nerMix(nerMix(sm1, t.shape), sp1))
	f(nerFShapeM1Cur, nerMix(sm1, t.shape))
	f(nerFShapeCurP1, nerMix(t.shape, sp1))
	docTitle := uint64(0)
	if t.docTitle {
		docTitle = 1
	}
	docLower := uint64(0)
	if t.docLower {
		docLower = 1
	}
	f(nerFDocTitleShape, nerMix(docTitle<<1|docLower, t.shape))
	if s.caps {
		f(nerFDocTitleCaps, docTitle<<1|docLower)
	}
	for ty, pos := range t.gaz {
		if pos != 0 {
			v := uint64(ty)<<4 | uint64(pos)
			f(nerFGaz, v)
			f(nerFGazShape, nerMix(v, t.shape))
		}
	}
	f(nerFLowerM1Shape, nerMix(m1, t.shape))
	f(nerFWordP1Shape, nerMix(t.shape, p1))
	return dst
}

// nerPredContext records a previous pass's labels and, for each token,
// what that pass made of the same word elsewhere in the document: a name
// tagged confidently in the body tells the headline and the sports table
// what it is. d is nerPrepare's, whose forms it counts by.
func nerPredContext(d *nerDocFeats, labels []int) {
	counts := slices.Grow(d.typeCount[:0], d.nforms)[:d.nforms]
	clear(counts)
	d.typeCount = counts
	typeOf := func(l int) int {
		if l == nerO {
			return nerTypes
		}
		ty, _ := nerLabelParts(l)
		return ty
	}
	counted := func(t *nerTokInfo) bool { return t.flags&(nerLowerCase|nerPunct) == 0 }
	for k := range d.toks {
		t := &d.toks[k]
		t.pass1 = uint8(labels[k])
		if counted(t) {
			counts[d.forms[k]][typeOf(labels[k])]++
		}
	}
	for k := range d.toks {
		t := &d.toks[k]
		t.docPred = 0
		if !counted(t) {
			continue
		}
		c := counts[d.forms[k]]
		c[typeOf(labels[k])]--
		total, best := int32(0), 0
		for ty, n := range c {
			total += n
			if n > c[best] {
				best = ty
			}
		}
		if total == 0 {
			continue
		}
		t.docPred = uint8(1 + best)
		if c[best] == total {
			t.docPred |= 8
		}
	}
}

// nerPredFeatures appends the features of a previous pass's labels for
// token k of sentence s (see nerPredContext): those of the labels around
// it (nerPredLabelFeatures) and those that pair its own with its word.
func nerPredFeatures(d *nerDocFeats, s nerSent, k int, dst []uint64) []uint64 {
	return nerPredWordFeatures(&d.toks[k], nerPredLabelFeatures(d, s, k, dst))
}

// nerPredLabelKey identifies what nerPredLabelFeatures sees of token k:
// the labels and document predictions at k-1, k and k+1 and the
// sentence's casing.
func nerPredLabelKey(d *nerDocFeats, s nerSent, k int) uint64 {
	labelAt, predAt := nerPredAt(d, s)
	key := uint64(0)
	for _, v := range []uint64{labelAt(k - 1), labelAt(k), labelAt(k + 1), predAt(k - 1), uint64(d.toks[k].docPred), predAt(k + 1)} {
		key = key<<5 | v
	}
	if s.caps {
		key |= 1 << 30
	}
	return key
}

func nerPredAt(d *nerDocFeats, s nerSent) (labelAt, predAt func(j int) uint64) {
	labelAt = func(j int) uint64 {
		if j < s.start || j >= s.end {
			return nerLabels + 1
		}
		return uint64(d.toks[j].pass1)
	}
	predAt = func(j int) uint64 {
		if j < s.start || j >= s.end {
			return 16
		}
		return uint64(d.toks[j].docPred)
	}
	return labelAt, predAt
}

// nerPredLabelFeatures appends the features of the previous pass's labels
// and predictions around token k.
func nerPredLabelFeatures(d *nerDocFeats, s nerSent, k int, dst []uint64) []uint64 {
	t := &d.toks[k]
	f := func(tid int, v uint64) { dst = append(dst, nerMix(uint64(tid), v)) }
	labelAt, predAt := nerPredAt(d, s)
	f(nerFPass1, labelAt(k))
	f(nerFPass1M1, labelAt(k-1))
	f(nerFPass1P1, labelAt(k+1))
	f(nerFDocPred, uint64(t.docPred))
	if s.caps {
		f(nerFDocPredCaps, uint64(t.docPred))
	}
	f(nerFDocPredM1, nerMix(predAt(k-1), uint64(t.docPred)))
	f(nerFDocPredP1, nerMix(uint64(t.docPred), predAt(k+1)))
	return dst
}

// nerPredWordFeatures appends the features that pair token t's previous
// label and prediction with its word's shape and form.
func nerPredWordFeatures(t *nerTokInfo, dst []uint64) []uint64 {
	f := func(tid int, v uint64) { dst = append(dst, nerMix(uint64(tid), v)) }
	f(nerFDocPredShape, nerMix(uint64(t.docPred), t.shape))
	f(nerFPass1Lower, nerMix(uint64(t.pass1), t.lower))
	return dst
}
