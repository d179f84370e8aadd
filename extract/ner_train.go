package extract

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// NERTrainOptions configures TrainNER. The zero value trains the shipped
// model's configuration.
type NERTrainOptions struct {
	// Iterations over the training sentences; 0 means 10.
	Iterations int
	// HoldOut keeps the last HoldOut documents of the file out of training
	// (and out of the gazetteer and word statistics) and scores them every
	// fourth and the last iteration of each stage, for tuning; 0 trains on
	// every document.
	HoldOut int
	// Seed fixes the order sentences are visited in.
	Seed uint64
	// Prune drops averaged weights smaller than this in magnitude; 0 means
	// 0.02.
	Prune float64
	// Stages is the number of passes; 0 means 2. A second pass sees the
	// first pass's labels of the whole document; it is trained on labels
	// the first pass gave each training document when trained without it
	// (5-fold jackknife), so that it learns how far to trust them.
	Stages int
	// Log, if set, receives progress and held-out scores.
	Log io.Writer
}

// TrainNER trains the entity tagger's model on CoNLL-2003 data (4 columns,
// IOB1 tags, -DOCSTART- between documents) and returns the model file that
// cmd/trainner writes to extract/model/ner.bin. The same input and options
// always give the same bytes.
func TrainNER(conll io.Reader, opts NERTrainOptions) ([]byte, error) {
	if opts.Iterations == 0 {
		opts.Iterations = 10
	}
	if opts.Prune == 0 {
		opts.Prune = 0.02
	}
	logf := func(format string, args ...any) {
		if opts.Log != nil {
			fmt.Fprintf(opts.Log, format, args...)
		}
	}
	docs, err := nerReadCoNLL(conll)
	if err != nil {
		return nil, err
	}
	if opts.HoldOut < 0 || opts.HoldOut >= len(docs) {
		return nil, fmt.Errorf("ner train: holding out %d of %d documents leaves none", opts.HoldOut, len(docs))
	}
	train, dev := docs[:len(docs)-opts.HoldOut], docs[len(docs)-opts.HoldOut:]
	logf("%d training documents, %d held out\n", len(train), len(dev))

	if opts.Stages == 0 {
		opts.Stages = 2
	}
	stats := nerCollectStats(train)
	q := &nerQuantized{abbrev: stats.abbrevList(), common: stats.common, gaz: stats.gazMasks()}

	// Features of the first pass do not depend on labels: extract them
	// once. The gazetteer of each document leaves out that document's own
	// entities, so that training sees it as fallible as it is on new text.
	docFeats := make([]*nerDocFeats, len(train))
	common := newNERByteTable(stats.common)
	for i, d := range train {
		own := stats.docGaz(d)
		tab := &nerTables{common: common, gaz: func(h uint64) uint8 {
			c, o := stats.gaz[h], own[h]
			var m uint8
			for ty := range c {
				if c[ty]-o[ty] > 0 {
					m |= 1 << ty
				}
			}
			return m
		}}
		docFeats[i] = nerPrepare(d.words, d.ends, tab)
	}
	sentences := func(later bool) []nerTrainSent {
		var out []nerTrainSent
		for i, fd := range docFeats {
			for _, s := range fd.sents {
				st := nerTrainSent{doc: i, labels: train[i].labels[s.start:s.end]}
				for k := s.start; k < s.end; k++ {
					f := nerFeatures(fd, s, k, nil)
					if later {
						f = nerPredFeatures(fd, s, k, f)
					}
					st.feats = append(st.feats, f)
				}
				out = append(out, st)
			}
		}
		return out
	}
	// evaluate scores the held-out documents with the stages trained so
	// far and then stage.
	evaluate := func(stage *nerQStage) error {
		if len(dev) == 0 {
			return nil
		}
		m, size, err := q.withStage(stage)
		if err != nil {
			return err
		}
		logf("  held out: %s (model %d bytes)\n", nerScoreDocs(m, dev), size)
		return nil
	}

	sents := sentences(false)
	logf("%d training sentences\n", len(sents))
	var evalErr error
	for stage := 1; stage <= opts.Stages; stage++ {
		if stage > 1 {
			// Label each training document with a previous-pass model that
			// never saw it.
			const folds = 5
			for fold := range folds {
				var sub []nerTrainSent
				for _, st := range sents {
					if st.doc%folds != fold {
						sub = append(sub, st)
					}
				}
				p := nerTrain(sub, opts.Iterations, opts.Seed, nil)
				m, _, err := q.withStage(p.quantize(opts.Prune))
				if err != nil {
					return nil, err
				}
				for i := fold; i < len(docFeats); i += folds {
					nerPredContext(docFeats[i], m.tag(docFeats[i]))
				}
				logf("stage %d: fold %d labelled\n", stage, fold)
			}
			sents = sentences(true)
		}
		p := nerTrain(sents, opts.Iterations, opts.Seed, func(it int, p *nerPerceptron, mistakes int, took time.Duration) {
			logf("stage %d iteration %d: %d token errors, %d features, %.1fs\n", stage, it, mistakes, len(p.rows), took.Seconds())
			if it == opts.Iterations || it%4 == 0 {
				if err := evaluate(p.quantize(opts.Prune)); err != nil && evalErr == nil {
					evalErr = err
				}
			}
		})
		if evalErr != nil {
			return nil, evalErr
		}
		q.stages = append(q.stages, p.quantize(opts.Prune))
	}
	return q.encode()
}

// withStage decodes q with stage appended to its stages, as the tagger
// would load it, and returns it with its size in bytes.
func (q *nerQuantized) withStage(stage *nerQStage) (*nerModel, int, error) {
	tmp := *q
	tmp.stages = append(slices.Clip(q.stages), stage)
	data, err := tmp.encode()
	if err != nil {
		return nil, 0, err
	}
	m, err := nerDecode(data)
	return m, len(data), err
}

// nerTrainSent is a training sentence: each token's features and label,
// and the index of its document.
type nerTrainSent struct {
	doc    int
	feats  [][]uint64
	labels []int
}

// nerTrain runs iters passes of the averaged structured perceptron over
// sents, in an order fixed by seed, calling each (if set) after each pass.
func nerTrain(sents []nerTrainSent, iters int, seed uint64, each func(it int, p *nerPerceptron, mistakes int, took time.Duration)) *nerPerceptron {
	p := &nerPerceptron{rows: map[uint64]int32{}, c: 1}
	rng := rand.New(rand.NewPCG(seed, 0x6e6572))
	order := make([]int, len(sents))
	for i := range order {
		order[i] = i
	}
	var emit [][nerLabels]float32
	var path []int
	var vit nerViterbiScratch
	for it := 1; it <= iters; it++ {
		began := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		mistakes := 0
		for _, si := range order {
			s := sents[si]
			emit = emit[:0]
			for _, f := range s.feats {
				var e [nerLabels]float32
				p.emit(f, &e)
				emit = append(emit, e)
			}
			path = nerViterbi(emit, &p.trans, path, &vit)
			prevG, prevP := nerStart, nerStart
			for k, g := range s.labels {
				pr := path[k]
				if pr != g {
					mistakes++
					for _, f := range s.feats[k] {
						p.update(f, g, 1)
						p.update(f, pr, -1)
					}
				}
				if pr != g || prevP != prevG {
					p.updateTrans(prevG, g, 1)
					p.updateTrans(prevP, pr, -1)
				}
				prevG, prevP = g, pr
			}
			p.c++
		}
		if each != nil {
			each(it, p, mistakes, time.Since(began))
		}
	}
	return p
}

// nerPerceptron is an averaged perceptron's state: weights w and, for the
// average, u accumulating each update times the step it happened at.
type nerPerceptron struct {
	rows   map[uint64]int32
	w      []float32
	u      []float64
	trans  [nerLabels + 1][nerLabels]float32
	transU [nerLabels + 1][nerLabels]float64
	c      float64
}

func (p *nerPerceptron) emit(feats []uint64, out *[nerLabels]float32) {
	*out = [nerLabels]float32{}
	for _, f := range feats {
		off, ok := p.rows[f]
		if !ok {
			continue
		}
		row := p.w[off : off+nerLabels : off+nerLabels]
		for l := range out {
			out[l] += row[l]
		}
	}
}

func (p *nerPerceptron) update(f uint64, l int, d float32) {
	off, ok := p.rows[f]
	if !ok {
		off = int32(len(p.w))
		p.rows[f] = off
		p.w = append(p.w, make([]float32, nerLabels)...)
		p.u = append(p.u, make([]float64, nerLabels)...)
	}
	p.w[int(off)+l] += d
	p.u[int(off)+l] += p.c * float64(d)
}

func (p *nerPerceptron) updateTrans(prev, cur int, d float32) {
	p.trans[prev][cur] += d
	p.transU[prev][cur] += p.c * float64(d)
}

// quantize returns p's averaged weights as int16s, dropping those under
// prune in magnitude.
func (p *nerPerceptron) quantize(prune float64) *nerQStage {
	q := &nerQStage{}
	avg := func(w float32, u float64) float64 { return float64(w) - u/p.c }
	maxAbs := 0.0
	for i := range p.w {
		maxAbs = math.Max(maxAbs, math.Abs(avg(p.w[i], p.u[i])))
	}
	for a := range p.trans {
		for b := range p.trans[a] {
			maxAbs = math.Max(maxAbs, math.Abs(avg(p.trans[a][b], p.transU[a][b])))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	q.scale = float32(maxAbs / 32767)
	quant := func(v float64) int16 { return int16(math.Round(v / float64(q.scale))) }
	for a := range p.trans {
		for b := range p.trans[a] {
			q.trans[a][b] = quant(avg(p.trans[a][b], p.transU[a][b]))
		}
	}
	q.feats = make(map[uint64][nerLabels]int16, len(p.rows))
	for f, off := range p.rows {
		var row [nerLabels]int16
		any := false
		for l := range row {
			v := avg(p.w[int(off)+l], p.u[int(off)+l])
			if math.Abs(v) < prune {
				continue
			}
			row[l] = quant(v)
			any = any || row[l] != 0
		}
		if any {
			q.feats[f] = row
		}
	}
	return q
}

// nerTrainDoc is one CoNLL document: its tokens, the index one past each
// sentence's last token, and BILOU labels.
type nerTrainDoc struct {
	words  []string
	ends   []int
	labels []int
	chunks []nerChunk
}

// nerReadCoNLL parses CoNLL-2003 data into documents.
func nerReadCoNLL(r io.Reader) ([]nerTrainDoc, error) {
	var docs []nerTrainDoc
	var cur nerTrainDoc
	var tags []string
	endSent := func() {
		if len(tags) == 0 {
			return
		}
		start := len(cur.words) - len(tags)
		chunks := nerIOB1Chunks(tags, start)
		for _, c := range chunks {
			if c.first == c.last {
				cur.labels[c.first] = nerLabel(c.typ, nerU)
				continue
			}
			cur.labels[c.first] = nerLabel(c.typ, nerB)
			for k := c.first + 1; k < c.last; k++ {
				cur.labels[k] = nerLabel(c.typ, nerI)
			}
			cur.labels[c.last] = nerLabel(c.typ, nerL)
		}
		cur.chunks = append(cur.chunks, chunks...)
		cur.ends = append(cur.ends, len(cur.words))
		tags = tags[:0]
	}
	endDoc := func() {
		endSent()
		if len(cur.words) > 0 {
			docs = append(docs, cur)
		}
		cur = nerTrainDoc{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			endSent()
		case f[0] == "-DOCSTART-":
			endDoc()
		case len(f) < 2:
			return nil, fmt.Errorf("conll:%d: want token and tag columns", line)
		default:
			tag := f[len(f)-1]
			if tag != "O" && (len(tag) < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I')) {
				return nil, fmt.Errorf("conll:%d: bad tag %q", line, tag)
			}
			cur.words = append(cur.words, f[0])
			cur.labels = append(cur.labels, nerO)
			tags = append(tags, tag)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conll:%d: %w", line+1, err)
	}
	endDoc()
	return docs, nil
}

// nerIOB1Chunks reads conlleval's chunks out of one sentence's IOB1 tags;
// types the tagger does not know are skipped. offset is the document index
// of the sentence's first token.
func nerIOB1Chunks(tags []string, offset int) []nerChunk {
	var out []nerChunk
	open := false
	var c nerChunk
	prev := ""
	flush := func() {
		if open && c.typ >= 0 {
			out = append(out, c)
		}
		open = false
	}
	for i, tag := range tags {
		if tag == "O" {
			flush()
			prev = ""
			continue
		}
		typ := tag[2:]
		if !open || tag[0] == 'B' || typ != prev {
			flush()
			c = nerChunk{first: offset + i, typ: -1}
			for ty, name := range nerTypeNames {
				if name == typ {
					c.typ = ty
				}
			}
			open = true
		}
		c.last = offset + i
		prev = typ
	}
	flush()
	return out
}

// nerStats are the training text's statistics that features use.
type nerStats struct {
	abbrev map[string]bool
	common map[uint64]uint8
	// gaz counts, per span hash of an entity's lowercase tokens, how often
	// it was each type.
	gaz map[uint64][nerTypes]int32
}

func nerCollectStats(docs []nerTrainDoc) *nerStats {
	st := &nerStats{abbrev: map[string]bool{}, common: map[uint64]uint8{}, gaz: map[uint64][nerTypes]int32{}}
	lowerN := map[uint64]int{}
	total := map[uint64]int{}
	var info nerTokInfo
	for _, d := range docs {
		for _, w := range d.words {
			info = nerTokInfo{}
			nerInfo(&info, w)
			total[info.lower]++
			if info.flags&nerLowerCase != 0 {
				lowerN[info.lower]++
			}
			if len(w) >= 2 && strings.HasSuffix(w, ".") && info.flags&nerPunct == 0 && info.flags&nerAllDigit == 0 {
				st.abbrev[w] = true
			}
		}
		for h, c := range st.docGaz(d) {
			g := st.gaz[h]
			for ty := range g {
				g[ty] += c[ty]
			}
			st.gaz[h] = g
		}
	}
	for h, n := range total {
		if n < 2 {
			continue
		}
		switch l := lowerN[h]; {
		case l == 0:
			st.common[h] = nerNeverLower
		case 2*l < n:
			st.common[h] = nerRarelyLower
		default:
			st.common[h] = nerMostlyLower
		}
	}
	return st
}

// docGaz counts d's own entities by span hash and type.
func (st *nerStats) docGaz(d nerTrainDoc) map[uint64][nerTypes]int32 {
	out := map[uint64][nerTypes]int32{}
	var info nerTokInfo
	var lows []uint64
	for _, c := range d.chunks {
		if c.last-c.first+1 > nerGazMaxLen {
			continue
		}
		lows = lows[:0]
		for k := c.first; k <= c.last; k++ {
			info = nerTokInfo{}
			nerInfo(&info, d.words[k])
			lows = append(lows, info.lower)
		}
		h := nerSpanHash(lows)
		g := out[h]
		g[c.typ]++
		out[h] = g
	}
	return out
}

func (st *nerStats) abbrevList() []string {
	var out []string
	for a := range st.abbrev {
		out = append(out, a)
	}
	return out
}

func (st *nerStats) gazMasks() map[uint64]uint8 {
	out := make(map[uint64]uint8, len(st.gaz))
	for h, c := range st.gaz {
		var m uint8
		for ty := range c {
			if c[ty] > 0 {
				m |= 1 << ty
			}
		}
		out[h] = m
	}
	return out
}

// nerScoreDocs tags docs (as token sequences) with m and scores the chunks
// exactly, per type and PER+ORG+LOC together.
func nerScoreDocs(m *nerModel, docs []nerTrainDoc) string {
	var tp, fp, fn [nerTypes]int
	for _, d := range docs {
		fd := nerPrepare(d.words, d.ends, &m.tab)
		pred := nerChunks(m.tag(fd))
		gold := map[nerChunk]bool{}
		for _, c := range d.chunks {
			gold[c] = true
		}
		for _, c := range pred {
			if gold[c] {
				tp[c.typ]++
				delete(gold, c)
			} else {
				fp[c.typ]++
			}
		}
		for c := range gold {
			fn[c.typ]++
		}
	}
	f1 := func(tp, fp, fn int) float64 {
		if tp == 0 {
			return 0
		}
		p, r := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
		return 2 * p * r / (p + r)
	}
	var b strings.Builder
	var all [3]int
	for ty := range nerTypes {
		fmt.Fprintf(&b, "%s %.4f ", nerTypeNames[ty], f1(tp[ty], fp[ty], fn[ty]))
		if ty != nerMISC {
			all[0] += tp[ty]
			all[1] += fp[ty]
			all[2] += fn[ty]
		}
	}
	fmt.Fprintf(&b, "PER+ORG+LOC %.4f", f1(all[0], all[1], all[2]))
	return b.String()
}
