package eval

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ingest-news/ingest/extract"
)

// TempEvalResult is the outcome of scoring a date finder on the TempEval-3
// TimeML corpus (TimeBank + AQUAINT). It is a plain value.
//
// Only gold TIMEX3 of type DATE are scored, the target of the project's
// date extraction. A predicted date that overlaps a gold TIME, DURATION or
// SET expression (and no gold DATE) is neither a true nor a false positive:
// it is left out, since the corpus marks that text as temporal but of a
// kind the finder does not claim to type.
//
//   - Relaxed: spans that overlap match, as TempEval-3's scorer counts it.
//     A gold DATE overlapped by any prediction is a true positive, counted
//     once however many predictions overlap it (one prediction spanning
//     "Thursday, Jan. 6" covers gold "Thursday" and "Jan. 6"); otherwise
//     a false negative. A prediction overlapping no gold expression at all
//     is a false positive.
//   - Strict: as relaxed, but a gold DATE is a true positive only when
//     the first prediction overlapping it has exactly its span; a near
//     miss counts as one false positive and one false negative.
//   - ValueAccuracy: among the relaxed matches (ValueCorrect of them
//     agree), the fraction whose TIMEX3 value (of the first prediction
//     overlapping the gold) equals the gold value, the
//     "value accuracy over matched" TempEval-3 reports. mod is ignored.
type TempEvalResult struct {
	Docs, Gold, Predicted int
	Strict, Relaxed       Score
	ValueCorrect          int
	ValueAccuracy         float64
	// Failures lists up to maxTempEvalFailures misses, false positives and
	// wrong values, for study.
	Failures []TempEvalFailure
}

// TempEvalFailure is one disagreement with the gold annotation.
type TempEvalFailure struct {
	Doc string
	// Kind is "miss", "false-positive" or "value".
	Kind      string
	Gold, Got string
	Context   string
}

const maxTempEvalFailures = 2000

// tempEvalTimex is one gold TIMEX3 with byte offsets into the stripped text.
type tempEvalTimex struct {
	start, end int
	typ, value string
	text       string
	function   string
}

// tempEvalDoc is one parsed .tml file.
type tempEvalDoc struct {
	name   string
	dct    time.Time
	text   string
	timexs []tempEvalTimex
}

// TempEval scores find on every .tml file under dir/TimeBank and
// dir/AQUAINT. Each document's text is the content of its <TEXT> element
// with every tag removed and XML entities decoded; the reference date given
// to find is the document creation time (the <DCT> TIMEX3).
func TempEval(dir string, find func(text string, ref time.Time) []extract.Date) (TempEvalResult, error) {
	var res TempEvalResult
	var files []string
	for _, sub := range []string{"TimeBank", "AQUAINT"} {
		root := filepath.Join(dir, sub)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".tml") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("tempeval: %w", err)
		}
	}
	if len(files) == 0 {
		return res, fmt.Errorf("tempeval: no .tml files under %s", dir)
	}
	slices.Sort(files)
	matchedValues := 0
	for _, f := range files {
		doc, err := readTempEvalDoc(f)
		if err != nil {
			return res, err
		}
		res.Docs++
		pred := find(doc.text, doc.dct)
		res.scoreDoc(doc, pred, &matchedValues)
	}
	res.ValueAccuracy = ratio(res.ValueCorrect, matchedValues)
	return res, nil
}

func (res *TempEvalResult) fail(doc *tempEvalDoc, kind, gold, got string, start, end int) {
	if len(res.Failures) >= maxTempEvalFailures {
		return
	}
	lo, hi := max(0, start-50), min(len(doc.text), end+50)
	ctx := strings.Join(strings.Fields(doc.text[lo:start]+"["+doc.text[start:end]+"]"+doc.text[end:hi]), " ")
	res.Failures = append(res.Failures, TempEvalFailure{Doc: doc.name, Kind: kind, Gold: gold, Got: got, Context: ctx})
}

func (res *TempEvalResult) scoreDoc(doc *tempEvalDoc, pred []extract.Date, matchedValues *int) {
	var gold, other []tempEvalTimex
	for _, t := range doc.timexs {
		if t.typ == "DATE" {
			gold = append(gold, t)
		} else {
			other = append(other, t)
		}
	}
	overlaps := func(s1, e1, s2, e2 int) bool { return s1 < e2 && s2 < e1 }
	res.Gold += len(gold)
	res.Predicted += len(pred)
	for _, p := range pred {
		overGold := slices.ContainsFunc(gold, func(t tempEvalTimex) bool { return overlaps(p.Start, p.End, t.start, t.end) })
		if overGold {
			continue
		}
		if slices.ContainsFunc(other, func(t tempEvalTimex) bool { return overlaps(p.Start, p.End, t.start, t.end) }) {
			res.Predicted-- // a TIME/DURATION/SET the finder need not type
			continue
		}
		res.Relaxed.FP++
		res.Strict.FP++
		res.fail(doc, "false-positive", "", p.Text+" = "+p.Value+" ("+p.Rule+")", p.Start, p.End)
	}
	for _, t := range gold {
		i := slices.IndexFunc(pred, func(p extract.Date) bool { return overlaps(p.Start, p.End, t.start, t.end) })
		if i < 0 {
			res.Relaxed.FN++
			res.Strict.FN++
			res.fail(doc, "miss", t.text+" = "+t.value, "", t.start, t.end)
			continue
		}
		p := pred[i]
		res.Relaxed.TP++
		if p.Start == t.start && p.End == t.end {
			res.Strict.TP++
		} else {
			// A near miss is both a wrong prediction and a missed gold
			// under exact matching.
			res.Strict.FP++
			res.Strict.FN++
		}
		*matchedValues++
		if p.Value == t.value {
			res.ValueCorrect++
		} else {
			res.fail(doc, "value", t.text+" = "+t.value, p.Text+" = "+p.Value+" ("+p.Rule+")", t.start, t.end)
		}
	}
}

var (
	tempEvalDCTRe  = regexp.MustCompile(`<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>`)
	tempEvalAttrRe = regexp.MustCompile(`(\w+)="([^"]*)"`)
	tempEvalEntity = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'")
)

func tempEvalAttrs(tag string) map[string]string {
	a := map[string]string{}
	for _, m := range tempEvalAttrRe.FindAllStringSubmatch(tag, -1) {
		a[m[1]] = m[2]
	}
	return a
}

// readTempEvalDoc parses one TimeML file: the creation time and the
// tag-stripped <TEXT> with its TIMEX3 spans.
func readTempEvalDoc(path string) (*tempEvalDoc, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("tempeval: %w", err)
	}
	src := string(b)
	doc := &tempEvalDoc{name: filepath.Base(path)}
	dctTag := tempEvalDCTRe.FindString(src)
	if dctTag == "" {
		return nil, fmt.Errorf("tempeval: %s: no CREATION_TIME TIMEX3", path)
	}
	v := tempEvalAttrs(dctTag)["value"]
	if len(v) < 10 {
		return nil, fmt.Errorf("tempeval: %s: DCT value %q is not a date", path, v)
	}
	doc.dct, err = time.Parse("2006-01-02", v[:10])
	if err != nil {
		return nil, fmt.Errorf("tempeval: %s: DCT: %w", path, err)
	}
	i := strings.Index(src, "<TEXT>")
	j := strings.LastIndex(src, "</TEXT>")
	if i < 0 || j < i {
		return nil, fmt.Errorf("tempeval: %s: no <TEXT> element", path)
	}
	body := src[i+len("<TEXT>") : j]
	var sb strings.Builder
	var open *tempEvalTimex
	for k := 0; k < len(body); {
		lt := strings.IndexByte(body[k:], '<')
		if lt < 0 {
			sb.WriteString(tempEvalEntity.Replace(body[k:]))
			break
		}
		sb.WriteString(tempEvalEntity.Replace(body[k : k+lt]))
		k += lt
		gt := strings.IndexByte(body[k:], '>')
		if gt < 0 {
			return nil, fmt.Errorf("tempeval: %s: unterminated tag at byte %d of <TEXT>", path, k)
		}
		tag := body[k : k+gt+1]
		k += gt + 1
		switch {
		case strings.HasPrefix(tag, "<TIMEX3"):
			a := tempEvalAttrs(tag)
			open = &tempEvalTimex{start: sb.Len(), typ: a["type"], value: a["value"], function: a["functionInDocument"]}
		case tag == "</TIMEX3>" && open != nil:
			open.end = sb.Len()
			open.text = sb.String()[open.start:open.end]
			doc.timexs = append(doc.timexs, *open)
			open = nil
		}
	}
	doc.text = sb.String()
	return doc, nil
}
