package extract

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"

	_ "embed"
)

//go:generate go run ../cmd/trainner -train ../../shared/data/conll2003/eng.train -out model/ner.bin

// nerModelData is the trained tagger (see cmd/trainner), flate-compressed.
//
//go:embed model/ner.bin
var nerModelData []byte

// Entity types of the tagger, in CoNLL-2003's terms; the order is part of
// the model format.
const (
	nerPER = iota
	nerORG
	nerLOC
	nerMISC
	nerTypes
)

// nerTypeNames are the CoNLL names of the types, by index.
var nerTypeNames = [nerTypes]string{"PER", "ORG", "LOC", "MISC"}

// nerOutTypes maps the tagger's types to the contract's.
var nerOutTypes = [nerTypes]string{Person, Org, GPE, NORP}

// Labels are BILOU: O, then for each type Begin, Inside, Last, Unit.
const (
	nerO      = 0
	nerLabels = 1 + 4*nerTypes
	nerStart  = nerLabels // the row of trans for the sentence's start
)

// Positions within a type's label block.
const (
	nerB = iota
	nerI
	nerL
	nerU
)

// nerLabel returns the label of type ty at position pos.
func nerLabel(ty, pos int) int { return 1 + ty*4 + pos }

// nerLabelParts returns a non-O label's type and position.
func nerLabelParts(l int) (ty, pos int) { return (l - 1) / 4, (l - 1) % 4 }

// nerAllowed reports whether label cur may follow prev (nerStart at the
// sentence's start) in a well-formed BILOU sequence.
func nerAllowed(prev, cur int) bool {
	open := prev != nerStart && prev != nerO
	var pty, ppos int
	if open {
		pty, ppos = nerLabelParts(prev)
		open = ppos == nerB || ppos == nerI
	}
	if cur == nerO {
		return !open
	}
	cty, cpos := nerLabelParts(cur)
	if open {
		return cty == pty && (cpos == nerI || cpos == nerL)
	}
	return cpos == nerB || cpos == nerU
}

// nerCanEnd reports whether a sentence may end on label l.
func nerCanEnd(l int) bool {
	if l == nerO {
		return true
	}
	_, pos := nerLabelParts(l)
	return pos == nerL || pos == nerU
}

// nerModel is a decoded model: read-only, shared by all taggings.
type nerModel struct {
	// stages run in order; every stage after the first also sees what the
	// previous one said about the rest of the document.
	stages []*nerStage
	// feats maps a feature hash to the offset of its record in ws: a
	// header holding, 5 bits per stage, how many weights each stage has
	// for the feature, then those weights, stage after stage; each is the
	// int16 weight <<16 | label. Most features have weights for only a
	// few labels. Stages share most features, so a token's features are
	// looked up once for all passes, and one feature's weights for every
	// stage sit together, most often in one cache line.
	feats nerHashTable
	ws    []uint32
	// abbrev holds the words that keep their trailing period ("Corp.").
	abbrev map[string]bool
	common map[uint64]uint8
	gaz    map[uint64]uint8
	tab    nerTables
	// words holds the nerWordCaches of taggings not under way, up to its
	// capacity, so that the garbage collector does not empty them as it
	// would a sync.Pool; pad is the neighbour groups' sums beyond a
	// sentence's edge.
	words chan *nerWordCache
	pad   []int32
}

// nerStage is one pass of the tagger: its transitions, and the scale of
// its weights, which are kept in the model's records.
type nerStage struct {
	// ws holds the stage's weights while the model is read (see index).
	ws    []uint32
	scale float32
	trans [nerLabels + 1][nerLabels]float32
	// qstart and qpred are the transition weights as stored, in units of
	// scale like the feature weights: qstart[l] from the sentence's
	// start, qpred[l][j] from label nerPredIdx[l][j]. Tagging decodes
	// with them in integers (nerViterbiInt).
	qstart [nerLabels]int64
	qpred  [nerLabels][nerMaxPreds]int64
}

// add adds stage i's weights of the features whose records are at rows
// to sum.
func (m *nerModel) add(i int, rows []int32, sum *[nerLabels]int32) {
	shift := nerCountBits * i
	for _, r := range rows {
		h := m.ws[r]
		off := int(r) + 1
		for j := 0; j < shift; j += nerCountBits {
			off += int(h >> j & nerCountMask)
		}
		n := int(h >> shift & nerCountMask)
		for _, e := range m.ws[off : off+n] {
			sum[(e&0xff)%nerLabels] += int32(int16(e >> 16))
		}
	}
}

// A record's header counts each stage's weights in nerCountBits bits,
// which bounds the stages a model may have.
const (
	nerCountBits = 5
	nerCountMask = 1<<nerCountBits - 1
	nerMaxStages = 32 / nerCountBits
)

// rows appends the record offsets of the features that the model knows.
func (m *nerModel) rows(feats []uint64, dst []int32) []int32 {
	for _, f := range feats {
		if r, ok := m.feats.get(f); ok {
			dst = append(dst, int32(r))
		}
	}
	return dst
}

// nerWordCache holds, for the words a worker has tagged lately, the sums
// of each stage's weights of each feature group that depends on the word
// alone (nerWordFeatures, nerNeighbourFeatures): three quarters of a
// token's features, looked up once per word instead of once per token.
// Integer sums do not depend on their order, so the emission scores are
// exactly those of summing nerFeatures feature by feature.
type nerWordCache struct {
	at   nerWordTable // nerWordKey -> offset into sums
	sums []int32      // per word: [stage][group][label]
	// old and oldSums are the generation before: a word found there is
	// copied into the current one, so that the words in common use
	// survive a cache that fills up.
	old     nerWordTable
	oldSums []int32
	// The rest is a tagging's working memory, kept for the next one
	// unless a long document made it large (nerKeepTokens): per token,
	// tokAt is its entry in sums and ctx its context features' sums for
	// each stage.
	tokAt     []int32
	ctx       [][nerLabels]int32
	emit      [][nerLabels]int32
	path      []int
	vit       nerViterbiIntScratch
	rows      []int32
	scratch   []int32
	lrows     []int32
	feats     []uint64
	lsums     []int32
	labelSums map[uint64]int
	// doc, words and lowers are Tag's, for the document being tagged.
	doc    nerDocFeats
	words  []string
	lowers []string
}

// nerWordCacheWords bounds a generation of a cache: with two stages it
// then holds 5.6 MB (1<<12 to 1<<14 words measured alike on the BBC
// corpus, within noise; 1<<16, 45 MB, was slower). A generation that has
// reached it becomes the old one before the next document.
const nerWordCacheWords = 1 << 13

// nerWordTable maps word keys, which are hashes already, to offsets, by
// open addressing: the word cache looks a key up for every token, and a
// Go map spent a third of that time hashing the hash again and probing
// its groups.
type nerWordTable struct {
	keys []uint64
	offs []int32 // -1: empty slot
	mask uint64
	n    int
}

// newNERWordTable returns a table for up to n keys, at most half full.
func newNERWordTable(n int) nerWordTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	t := nerWordTable{keys: make([]uint64, size), offs: make([]int32, size), mask: uint64(size - 1)}
	t.reset()
	return t
}

func (t *nerWordTable) reset() {
	for i := range t.offs {
		t.offs[i] = -1
	}
	t.n = 0
}

func (t *nerWordTable) get(k uint64) (int32, bool) {
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		if t.offs[i] < 0 {
			return 0, false
		}
		if t.keys[i] == k {
			return t.offs[i], true
		}
	}
}

// put sets k's offset. A generation can pass nerWordCacheWords keys
// within one long document (wordCache rotates between documents): the
// table then doubles, to stay at most half full.
func (t *nerWordTable) put(k uint64, off int32) {
	if 2*(t.n+1) > len(t.offs) {
		bigger := newNERWordTable(len(t.offs))
		for i, o := range t.offs {
			if o >= 0 {
				bigger.put(t.keys[i], o)
			}
		}
		*t = bigger
	}
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		if t.offs[i] < 0 {
			t.keys[i], t.offs[i] = k, off
			t.n++
			return
		}
		if t.keys[i] == k {
			t.offs[i] = off
			return
		}
	}
}

// nerKeepTokens bounds the documents whose per-token working memory a
// cache keeps: 136 bytes a token with two stages, 8.9 MB at the bound,
// longer than all but the longest articles.
const nerKeepTokens = 1 << 16

// nerBlock returns the sums of stage i's group g in the entry at off.
func nerBlock(sums []int32, off int32, i, g int) *[nerLabels]int32 {
	return (*[nerLabels]int32)(sums[int(off)+(i*nerGroups+g)*nerLabels:])
}

func addSums(sum, v *[nerLabels]int32) {
	for l := range sum {
		sum[l] += v[l]
	}
}

// wordCache returns a cache for one tagging, emptied if full.
func (m *nerModel) wordCache() *nerWordCache {
	var c *nerWordCache
	select {
	case c = <-m.words:
	default:
		size := len(m.stages) * nerGroups * nerLabels
		return &nerWordCache{
			at: newNERWordTable(nerWordCacheWords), sums: make([]int32, 0, nerWordCacheWords*size),
			old: newNERWordTable(nerWordCacheWords),
		}
	}
	if c.at.n >= nerWordCacheWords {
		c.rotate()
	}
	return c
}

// rotate makes the current generation the old one and starts an empty
// one.
func (c *nerWordCache) rotate() {
	c.at, c.old = c.old, c.at
	c.sums, c.oldSums = c.oldSums[:0], c.sums
	c.at.reset()
}

// putWordCache keeps c for the next tagging, unless as many caches as
// there are processors are kept already.
func (m *nerModel) putWordCache(c *nerWordCache) {
	select {
	case m.words <- c:
	default:
	}
}

// wordSums returns the offset in c of token t's group sums, computing
// them on first sight of its key; feats and rows are scratch buffers.
func (m *nerModel) wordSums(c *nerWordCache, t *nerTokInfo, s nerSent, feats *[]uint64, rows *[]int32) int32 {
	key := nerWordKey(t, s)
	if off, ok := c.at.get(key); ok {
		return off
	}
	size := len(m.stages) * nerGroups * nerLabels
	off := int32(len(c.sums))
	if old, ok := c.old.get(key); ok {
		c.sums = append(c.sums, c.oldSums[old:int(old)+size]...)
		c.at.put(key, off)
		return off
	}
	c.sums = append(c.sums, make([]int32, size)...)
	for g := range nerGroups {
		if g == nerGWord {
			*feats = nerWordFeatures(t, s, (*feats)[:0])
		} else {
			*feats = nerNeighbourFeatures(g, t, (*feats)[:0])
		}
		*rows = m.rows(*feats, (*rows)[:0])
		for i := range m.stages {
			m.add(i, *rows, nerBlock(c.sums, off, i, g))
		}
	}
	c.at.put(key, off)
	return off
}

// padSums sums each stage's weights of the neighbour groups' features
// for a neighbour beyond the sentence's edge, laid out as a cache entry.
func (m *nerModel) padSums() []int32 {
	sums := make([]int32, len(m.stages)*nerGroups*nerLabels)
	for g := range nerGroups {
		if g == nerGWord {
			continue
		}
		rows := m.rows(nerPadFeatures(g, nil), nil)
		for i := range m.stages {
			m.add(i, rows, nerBlock(sums, 0, i, g))
		}
	}
	return sums
}

// addStages adds every stage's weights of the features whose records
// are at rows to sums, stage i's to sums[i]: one read of each record for
// all passes.
func (m *nerModel) addStages(rows []int32, sums [][nerLabels]int32) {
	for _, r := range rows {
		h := m.ws[r]
		off := int(r) + 1
		for i := range sums {
			n := int(h >> (nerCountBits * i) & nerCountMask)
			sum := &sums[i]
			for _, e := range m.ws[off : off+n] {
				sum[(e&0xff)%nerLabels] += int32(int16(e >> 16))
			}
			off += n
		}
	}
}

// score returns stage i's integer scores of token k of sentence s: its
// word and neighbour groups' sums from c (the tokens' entries at at), the
// sums of its context features, ctx, and the weights of the features at
// rows.
func (m *nerModel) score(i int, c *nerWordCache, at []int32, s nerSent, k int, ctx *[nerLabels]int32, rows []int32) [nerLabels]int32 {
	sum := *ctx
	addSums(&sum, nerBlock(c.sums, at[k], i, nerGWord))
	for g := nerGM2; g <= nerGP2; g++ {
		if j := k + nerGroupOffset[g]; j >= s.start && j < s.end {
			addSums(&sum, nerBlock(c.sums, at[j], i, g))
		} else {
			addSums(&sum, nerBlock(m.pad, 0, i, g))
		}
	}
	m.add(i, rows, &sum)
	return sum
}

// tag labels document d, pass after pass. Each token's word and
// neighbour groups come summed from the word cache; its context features
// are looked up and summed once for every pass; the later passes add
// their own.
func (m *nerModel) tag(d *nerDocFeats) []int { return m.tagSeen(d, nil) }

// tagSeen is tag, calling seen (when set) with every token's integer
// scores in every pass.
func (m *nerModel) tagSeen(d *nerDocFeats, seen func(pass, k int, sum [nerLabels]int32)) []int {
	c := m.wordCache()
	defer m.putWordCache(c)
	return m.tagIn(c, d, seen)
}

// tagIn is tagSeen with the word cache c.
func (m *nerModel) tagIn(c *nerWordCache, d *nerDocFeats, seen func(pass, k int, sum [nerLabels]int32)) []int {
	ns := len(m.stages)
	n := len(d.toks)
	at := slices.Grow(c.tokAt[:0], n)[:n]
	ctx := slices.Grow(c.ctx[:0], n*ns)[:n*ns] // token k's, stage i's at k*ns+i
	clear(ctx)
	rows, scratch, feats := c.rows, c.scratch, c.feats
	defer func() {
		c.rows, c.scratch, c.feats = rows, scratch, feats
		if n <= nerKeepTokens {
			c.tokAt, c.ctx = at, ctx
		}
	}()
	for _, s := range d.sents {
		for k := s.start; k < s.end; k++ {
			at[k] = m.wordSums(c, &d.toks[k], s, &feats, &scratch)
			feats = nerContextFeatures(d, s, k, feats[:0])
			rows = m.rows(feats, rows[:0])
			m.addStages(rows, ctx[k*ns:(k+1)*ns])
		}
	}
	labels := make([]int, len(d.toks))
	emit, path, lsums, lrows := c.emit, c.path, c.lsums, c.lrows
	defer func() { c.emit, c.path, c.lsums, c.lrows = emit, path, lsums, lrows }()
	// A later pass sums the features of the labels around a token once
	// per distinct context: most tokens sit among O labels.
	if c.labelSums == nil {
		c.labelSums = map[uint64]int{}
	}
	labelSums := c.labelSums
	for i := range m.stages {
		st := m.stages[i]
		if i > 0 {
			nerPredContext(d, labels)
			clear(labelSums)
			lsums = lsums[:0]
		}
		for _, s := range d.sents {
			emit = emit[:0]
			for k := s.start; k < s.end; k++ {
				rows = rows[:0]
				lo := -1
				if i > 0 {
					key := nerPredLabelKey(d, s, k)
					var ok bool
					if lo, ok = labelSums[key]; !ok {
						lo = len(lsums)
						lsums = append(lsums, make([]int32, nerLabels)...)
						feats = nerPredLabelFeatures(d, s, k, feats[:0])
						lrows = m.rows(feats, lrows[:0])
						m.add(i, lrows, (*[nerLabels]int32)(lsums[lo:]))
						labelSums[key] = lo
					}
					feats = nerPredWordFeatures(&d.toks[k], feats[:0])
					rows = m.rows(feats, rows)
				}
				sum := m.score(i, c, at, s, k, &ctx[k*ns+i], rows)
				if lo >= 0 {
					addSums(&sum, (*[nerLabels]int32)(lsums[lo:]))
				}
				if seen != nil {
					seen(i, k, sum)
				}
				emit = append(emit, sum)
			}
			path = nerViterbiInt(emit, st, path, &c.vit)
			copy(labels[s.start:s.end], path)
		}
	}
	return labels
}

// nerHashTable is an open-addressing map from feature hashes, which are
// already uniformly spread, to uint32 values. A slot packs the key's high
// 32 bits (never 0, so 0 marks an empty slot) with the value; the low bits
// pick the slot. Two keys agreeing on both are one feature, which at a
// few hundred thousand features is too rare to matter.
//
// used has a bit per slot, set when the slot holds a key: a lookup whose
// first slot is empty, most of those of features the model never saw,
// ends in the bitmap (32 KB for the trained model, which stays in the
// processor's nearest cache) without reading the table (2 MB, which does
// not).
type nerHashTable struct {
	slots []uint64
	used  []uint64
	mask  uint64
}

func newNERHashTable(n int) nerHashTable {
	size := 64
	for size*2 < 3*n {
		size *= 2
	}
	return nerHashTable{slots: make([]uint64, size), used: make([]uint64, size/64), mask: uint64(size - 1)}
}

func nerFingerprint(k uint64) uint64 { return (k | 1<<32) >> 32 }

func (h *nerHashTable) put(k uint64, v uint32) {
	fp := nerFingerprint(k)
	for i := k & h.mask; ; i = (i + 1) & h.mask {
		if h.slots[i] == 0 || h.slots[i]>>32 == fp {
			h.slots[i] = fp<<32 | uint64(v)
			h.used[i/64] |= 1 << (i % 64)
			return
		}
	}
}

func (h *nerHashTable) get(k uint64) (uint32, bool) {
	i := k & h.mask
	if h.used[i/64]&(1<<(i%64)) == 0 {
		return 0, false
	}
	fp := nerFingerprint(k)
	for ; ; i = (i + 1) & h.mask {
		s := h.slots[i]
		if s>>32 == fp {
			return uint32(s), true
		}
		if s == 0 {
			return 0, false
		}
	}
}

// nerByteTable is a read-only map from hashes to bytes, where 0 means
// absent, by open addressing at most half full: the commonness of every
// token's lowercase form and the gazetteer's types of every span of up to
// nerGazMaxLen tokens are looked up in one, and Go maps spent most of
// that time hashing the hash again and probing their groups. used has a
// bit per slot (under 8 KB for the trained model's tables), so that a
// lookup whose first slot is empty, most of the gazetteer's, ends there.
type nerByteTable struct {
	keys []uint64
	vals []uint8
	used []uint64
	mask uint64
}

// newNERByteTable returns a table of the entries of m whose value is not
// 0.
func newNERByteTable(m map[uint64]uint8) *nerByteTable {
	size := 64
	for size < 2*len(m) {
		size *= 2
	}
	t := &nerByteTable{keys: make([]uint64, size), vals: make([]uint8, size), used: make([]uint64, size/64), mask: uint64(size - 1)}
	for k, v := range m {
		if v == 0 {
			continue
		}
		i := nerByteHome(k, t.mask)
		for t.used[i/64]&(1<<(i%64)) != 0 {
			i = (i + 1) & t.mask
		}
		t.keys[i], t.vals[i] = k, v
		t.used[i/64] |= 1 << (i % 64)
	}
	return t
}

// nerByteHome is k's first slot. Keys are xxhash sums, spread already;
// the multiplication keeps any others apart too.
func nerByteHome(k, mask uint64) uint64 { return (k * 0x9e3779b97f4a7c15 >> 32) & mask }

func (t *nerByteTable) get(k uint64) uint8 {
	for i := nerByteHome(k, t.mask); t.used[i/64]&(1<<(i%64)) != 0; i = (i + 1) & t.mask {
		if t.keys[i] == k {
			return t.vals[i]
		}
	}
	return 0
}

// nerViterbi returns the best well-formed label sequence for the emission
// scores emit under transition scores trans, into path. Ill-formed
// transitions are never considered, so no path can contain one.
func nerViterbi(emit [][nerLabels]float32, trans *[nerLabels + 1][nerLabels]float32, path []int, vit *nerViterbiScratch) []int {
	n := len(emit)
	path = path[:0]
	if n == 0 {
		return path
	}
	negInf := float32(math.Inf(-1))
	vit.score = slices.Grow(vit.score[:0], n)[:n]
	vit.back = slices.Grow(vit.back[:0], n)[:n]
	score, back := vit.score, vit.back
	for l := 0; l < nerLabels; l++ {
		if nerAllowed(nerStart, l) {
			score[0][l] = trans[nerStart][l] + emit[0][l]
		} else {
			score[0][l] = negInf
		}
	}
	for t := 1; t < n; t++ {
		prev := &score[t-1]
		for l := 0; l < nerLabels; l++ {
			best, arg := negInf, 0
			for _, p := range nerPreds[l] {
				if s := prev[p] + trans[p][l]; s > best {
					best, arg = s, int(p)
				}
			}
			score[t][l] = best + emit[t][l]
			back[t][l] = uint8(arg)
		}
	}
	return nerBacktrack(&score[n-1], negInf, back, path)
}

// nerBacktrack returns into path the labels of the best path whose last
// token scores last, following back (a label's best predecessor, token
// by token). Only a label that may end a sentence ends it; among equal
// scores the lowest label wins. floor is below every score.
func nerBacktrack[S float32 | int64](last *[nerLabels]S, floor S, back [][nerLabels]uint8, path []int) []int {
	best, arg := floor, nerO
	for l := range nerLabels {
		if nerCanEnd(l) && last[l] > best {
			best, arg = last[l], l
		}
	}
	n := len(back)
	path = slices.Grow(path, n)[:n]
	for t := n - 1; t >= 0; t-- {
		path[t] = arg
		arg = int(back[t][arg])
	}
	return path
}

// nerViterbiScratch is nerViterbi's working memory, reused across
// sentences.
type nerViterbiScratch struct {
	score [][nerLabels]float32
	back  [][nerLabels]uint8
}

// nerViterbiInt is nerViterbi on the model's integer scores: emissions
// and the transitions of stage st, all in units of the stage's scale.
// Sums of integers are exact, so the best path is the best path of the
// stored model, and the comparisons compile to conditional moves rather
// than branches the processor mispredicts. Among equal scores the
// lowest label wins, as in nerViterbi.
func nerViterbiInt(emit [][nerLabels]int32, st *nerStage, path []int, vit *nerViterbiIntScratch) []int {
	n := len(emit)
	path = path[:0]
	if n == 0 {
		return path
	}
	// Far below any path's score, and far enough above the smallest
	// int64 that adding a path's worth of weights cannot wrap.
	const negInf = math.MinInt64 / 4
	vit.score = slices.Grow(vit.score[:0], n)[:n]
	vit.back = slices.Grow(vit.back[:0], n)[:n]
	score, back := vit.score, vit.back
	for l := range nerLabels {
		if nerAllowed(nerStart, l) {
			score[0][l] = st.qstart[l] + int64(emit[0][l])
		} else {
			score[0][l] = negInf
		}
	}
	for t := 1; t < n; t++ {
		prev := &score[t-1]
		cur, bt, e := &score[t], &back[t], &emit[t]
		// O, and the begin and unit labels, follow the same nine labels.
		pv := [nerMaxPreds]int64{prev[0], prev[3], prev[4], prev[7], prev[8], prev[11], prev[12], prev[15], prev[16]}
		for _, l := range nerOpenLabels {
			w := &st.qpred[l]
			best, arg := pv[0]+w[0], 0
			if s := pv[1] + w[1]; s > best {
				best, arg = s, 1
			}
			if s := pv[2] + w[2]; s > best {
				best, arg = s, 2
			}
			if s := pv[3] + w[3]; s > best {
				best, arg = s, 3
			}
			if s := pv[4] + w[4]; s > best {
				best, arg = s, 4
			}
			if s := pv[5] + w[5]; s > best {
				best, arg = s, 5
			}
			if s := pv[6] + w[6]; s > best {
				best, arg = s, 6
			}
			if s := pv[7] + w[7]; s > best {
				best, arg = s, 7
			}
			if s := pv[8] + w[8]; s > best {
				best, arg = s, 8
			}
			cur[l] = best + int64(e[l])
			bt[l] = nerPredIdx[nerO][arg]
		}
		// Inside and last labels follow their type's begin or inside.
		for ty := range nerTypes {
			b, in := 1+4*ty, 2+4*ty
			for _, l := range [2]int{in, in + 1} {
				w := &st.qpred[l]
				best, arg := prev[b]+w[0], b
				if s := prev[in] + w[1]; s > best {
					best, arg = s, in
				}
				cur[l] = best + int64(e[l])
				bt[l] = uint8(arg)
			}
		}
	}
	return nerBacktrack(&score[n-1], math.MinInt64, back, path)
}

// nerViterbiIntScratch is nerViterbiInt's working memory, reused across
// sentences.
type nerViterbiIntScratch struct {
	score [][nerLabels]int64
	back  [][nerLabels]uint8
}

// nerPreds lists, for each label, the labels it may follow.
var nerPreds = func() (preds [nerLabels][]uint8) {
	for c := range preds {
		for p := 0; p < nerLabels; p++ {
			if nerAllowed(p, c) {
				preds[c] = append(preds[c], uint8(p))
			}
		}
	}
	return preds
}()

// nerMaxPreds bounds the labels one label may follow: O, and the last
// and unit labels of every type.
const nerMaxPreds = 1 + 2*nerTypes

// nerOpenLabels are the labels that may follow O or the end of an
// entity (nerPredIdx[nerO]): O, and each type's begin and unit labels.
var nerOpenLabels = [1 + 2*nerTypes]int{nerO, 1, 4, 5, 8, 9, 12, 13, 16}

// nerPredIdx and nerPredN are nerPreds as fixed arrays, for
// nerViterbiInt's inner loop.
var nerPredIdx, nerPredN = func() (idx [nerLabels][nerMaxPreds]uint8, n [nerLabels]uint8) {
	for l, ps := range nerPreds {
		copy(idx[l][:], ps)
		n[l] = uint8(len(ps))
	}
	return idx, n
}()

// The model file, before flate compression:
//
//	"NERM2\n"
//	abbreviations: uvarint count, then uvarint length + bytes each
//	common words:  uvarint count, delta-coded sorted uvarint keys, a byte each
//	gazetteer:     the same, the byte a type mask
//	stages:        uvarint count, then per stage
//	  scale:       float32 bits, little endian; weights are int16 * scale
//	  transitions: (nerLabels+1)*nerLabels zigzag varints
//	  features:    uvarint count, delta-coded sorted keys, then per feature
//	               a label count and (label byte, zigzag varint) pairs
const nerMagic = "NERM2\n"

// nerQuantized is a model as stored.
type nerQuantized struct {
	abbrev []string
	common map[uint64]uint8
	gaz    map[uint64]uint8
	stages []*nerQStage
}

// nerQStage is a stage as stored: int16 weights times scale.
type nerQStage struct {
	scale float32
	trans [nerLabels + 1][nerLabels]int16
	feats map[uint64][nerLabels]int16
}

// encode writes q in the model format, deterministically.
func (q *nerQuantized) encode() ([]byte, error) {
	var raw bytes.Buffer
	var tmp [binary.MaxVarintLen64]byte
	uv := func(v uint64) { raw.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	sv := func(v int64) { raw.Write(tmp[:binary.PutVarint(tmp[:], v)]) }
	raw.WriteString(nerMagic)
	abbrev := slices.Sorted(slices.Values(q.abbrev))
	uv(uint64(len(abbrev)))
	for _, a := range abbrev {
		uv(uint64(len(a)))
		raw.WriteString(a)
	}
	byteTable := func(m map[uint64]uint8) {
		keys := nerSortedKeys(m)
		uv(uint64(len(keys)))
		prev := uint64(0)
		for _, k := range keys {
			uv(k - prev)
			prev = k
		}
		for _, k := range keys {
			raw.WriteByte(m[k])
		}
	}
	byteTable(q.common)
	byteTable(q.gaz)
	uv(uint64(len(q.stages)))
	for _, st := range q.stages {
		binary.LittleEndian.PutUint32(tmp[:4], math.Float32bits(st.scale))
		raw.Write(tmp[:4])
		for p := range st.trans {
			for _, v := range st.trans[p] {
				sv(int64(v))
			}
		}
		keys := nerSortedKeys(st.feats)
		uv(uint64(len(keys)))
		prev := uint64(0)
		for _, k := range keys {
			uv(k - prev)
			prev = k
		}
		for _, k := range keys {
			row := st.feats[k]
			n := 0
			for _, v := range row {
				if v != 0 {
					n++
				}
			}
			raw.WriteByte(byte(n))
			for l, v := range row {
				if v != 0 {
					raw.WriteByte(byte(l))
					sv(int64(v))
				}
			}
		}
	}
	var out bytes.Buffer
	zw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// nerSortedKeys returns m's keys in increasing order.
func nerSortedKeys[V any](m map[uint64]V) []uint64 {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// nerDecode reads a model file into a ready model.
func nerDecode(data []byte) (*nerModel, error) {
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("ner model: decompressing: %w", err)
	}
	r := &nerReader{b: raw}
	if !bytes.HasPrefix(raw, []byte(nerMagic)) {
		return nil, errors.New("ner model: bad magic")
	}
	r.pos = len(nerMagic)
	m := &nerModel{abbrev: map[string]bool{}}
	n := r.uvarint()
	for i := uint64(0); i < n && r.err == nil; i++ {
		l := r.uvarint()
		m.abbrev[string(r.bytes(int(l)))] = true
	}
	m.common = r.byteTable()
	m.gaz = r.byteTable()
	ns := r.uvarint()
	if ns > nerMaxStages {
		r.fail("%d stages, more than %d", ns, nerMaxStages)
	}
	var keys [][]uint64
	var entries [][]uint32
	for i := uint64(0); i < ns && r.err == nil; i++ {
		st, k, e := r.stage()
		m.stages = append(m.stages, st)
		keys, entries = append(keys, k), append(entries, e)
	}
	if r.err == nil && len(m.stages) == 0 {
		r.fail("no stages")
	}
	if r.err == nil {
		m.index(keys, entries)
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.pos != len(raw) {
		return nil, fmt.Errorf("ner model: %d trailing bytes", len(raw)-r.pos)
	}
	m.tab = nerTables{common: newNERByteTable(m.common), gaz: newNERByteTable(m.gaz).get}
	m.pad = m.padSums()
	m.words = make(chan *nerWordCache, runtime.GOMAXPROCS(0))
	return m, nil
}

// stage reads one stage of the model: the stage, its feature keys and,
// for each key, where its weights are in the stage's ws.
func (r *nerReader) stage() (*nerStage, []uint64, []uint32) {
	st := &nerStage{}
	st.scale = math.Float32frombits(binary.LittleEndian.Uint32(r.bytes(4)))
	var q [nerLabels + 1][nerLabels]int64
	for p := range st.trans {
		for l := range st.trans[p] {
			w := r.varint()
			if w < math.MinInt16 || w > math.MaxInt16 {
				r.fail("transition weight %d out of range", w)
				return st, nil, nil
			}
			q[p][l] = w
			st.trans[p][l] = float32(w) * st.scale
		}
	}
	for l := range nerLabels {
		st.qstart[l] = q[nerStart][l]
		for j, p := range nerPreds[l] {
			st.qpred[l][j] = q[p][l]
		}
	}
	nf := r.uvarint()
	if r.err == nil && nf > uint64(len(r.b)) {
		r.fail("feature count %d too large", nf)
	}
	if r.err != nil {
		return st, nil, nil
	}
	keys := make([]uint64, nf)
	entries := make([]uint32, nf)
	prev := uint64(0)
	for i := range keys {
		prev += r.uvarint()
		keys[i] = prev
	}
	for i := range keys {
		off := len(st.ws)
		if off >= 1<<27 {
			r.fail("too many weights")
			break
		}
		cnt := int(r.byte1())
		if cnt > nerLabels {
			r.fail("%d labels in a feature", cnt)
			break
		}
		for j := 0; j < cnt && r.err == nil; j++ {
			l := r.byte1()
			if l >= nerLabels {
				r.fail("label %d out of range", l)
				break
			}
			w := r.varint()
			if w < math.MinInt16 || w > math.MaxInt16 {
				r.fail("weight %d out of range", w)
				break
			}
			st.ws = append(st.ws, uint32(uint16(int16(w)))<<16|uint32(l))
		}
		entries[i] = uint32(off)<<5 | uint32(cnt)
	}
	return st, keys, entries
}

// index builds the feature table and the records over all stages' keys
// and weights, and lets go of the stages' own weights.
func (m *nerModel) index(keys [][]uint64, entries [][]uint32) {
	total := 0
	for _, k := range keys {
		total += len(k)
	}
	ns := len(keys)
	// First number the features, and find where each stage keeps each
	// one's weights (off<<5 | count into its ws; 0 when it has none).
	m.feats = newNERHashTable(total)
	var at []uint32
	for i, ks := range keys {
		for j, k := range ks {
			r, ok := m.feats.get(k)
			if !ok {
				r = uint32(len(at) / ns)
				m.feats.put(k, r)
				at = append(at, make([]uint32, ns)...)
			}
			at[int(r)*ns+i] = entries[i][j]
		}
	}
	// Then lay out the records, in feature number order, and point the
	// table at them.
	rec := make([]uint32, len(at)/ns)
	m.ws = make([]uint32, 0, len(rec)+total)
	for r := range rec {
		rec[r] = uint32(len(m.ws))
		var h uint32
		for i := range ns {
			h |= (at[r*ns+i] & nerCountMask) << (nerCountBits * i)
		}
		m.ws = append(m.ws, h)
		for i, st := range m.stages {
			v := at[r*ns+i]
			off, n := v>>5, v&31
			m.ws = append(m.ws, st.ws[off:off+n]...)
		}
	}
	for k, v := range m.feats.slots {
		if v != 0 {
			m.feats.slots[k] = v&^(1<<32-1) | uint64(rec[uint32(v)])
		}
	}
	for _, st := range m.stages {
		st.ws = nil
	}
}

// nerReader reads the model format, remembering the first error with the
// byte offset where it happened.
type nerReader struct {
	b   []byte
	pos int
	err error
}

func (r *nerReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("ner model: byte %d: %s", r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *nerReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.pos:])
	if n <= 0 {
		r.fail("bad uvarint")
		return 0
	}
	r.pos += n
	return v
}

func (r *nerReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.pos:])
	if n <= 0 {
		r.fail("bad varint")
		return 0
	}
	r.pos += n
	return v
}

func (r *nerReader) bytes(n int) []byte {
	if r.err != nil || n < 0 || r.pos+n > len(r.b) {
		r.fail("truncated")
		return make([]byte, max(n, 1))
	}
	out := r.b[r.pos : r.pos+n]
	r.pos += n
	return out
}

func (r *nerReader) byte1() byte { return r.bytes(1)[0] }

func (r *nerReader) byteTable() map[uint64]uint8 {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail("table size %d too large", n)
		return nil
	}
	keys := make([]uint64, n)
	prev := uint64(0)
	for i := range keys {
		prev += r.uvarint()
		keys[i] = prev
	}
	m := make(map[uint64]uint8, n)
	for _, k := range keys {
		m[k] = r.byte1()
	}
	return m
}

// nerAbbrevFunc returns the tokenizer's abbreviation test for m.
func (m *nerModel) abbrevFunc() func(string) bool {
	return func(w string) bool { return m.abbrev[w] }
}
