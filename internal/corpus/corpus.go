// Package corpus builds deterministic article corpora for benchmarks from
// a base set of real articles (the BBC corpus): distinct articles made by
// recombining paragraphs of different base articles, and perturbed copies
// of them (case and spacing changes, a changed figure, a sentence added
// or removed, a header or footer line), so that a benchmark of any size
// has realistic text and a known share of duplicates.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Article is one generated article. DupOf is the index of the article it
// copies, or -1.
type Article struct {
	Source string
	Text   string
	DupOf  int
}

// Options shape a generated corpus.
type Options struct {
	// Seed makes the corpus; the same seed and base give the same corpus.
	Seed uint64
	// DupShare is the fraction of articles that are perturbed copies of
	// an earlier one (default 0.2).
	DupShare float64
	// Reword replaces every fourth word of each sentence drawn for a
	// distinct article with a word drawn from the base. Without it a
	// sentence recurs in about n/2,800 distinct articles of a corpus of n,
	// so their chance overlaps grow with n, which no news corpus does;
	// with it, distinct articles share no run of five words however large
	// the corpus. The text reads worse, so only benchmarks that measure
	// dedup's cost per article use it.
	Reword bool
}

// Generate calls yield for n articles built from the sentences of base,
// in order, and stops early when yield returns false. Besides the base it
// holds only the distinct articles it may still copy from (a window of
// the last 1,000), so it streams corpora of any size.
func Generate(base []string, n int, opts Options, yield func(int, Article) bool) {
	if opts.DupShare <= 0 {
		opts.DupShare = 0.2
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	var sentences []string
	for _, b := range base {
		for _, para := range strings.Split(strings.TrimSpace(b), "\n\n") {
			for _, s := range strings.SplitAfter(para, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					sentences = append(sentences, s)
				}
			}
		}
	}
	var vocab []string
	if opts.Reword {
		for _, s := range sentences {
			vocab = append(vocab, strings.Fields(s)...)
		}
	}
	draw := func() string {
		s := sentences[rng.IntN(len(sentences))]
		if !opts.Reword {
			return s
		}
		ws := strings.Fields(s)
		for i := rng.IntN(4); i < len(ws); i += 4 {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	type recent struct {
		i    int
		text string
	}
	var window []recent
	for i := 0; i < n; i++ {
		if len(window) > 0 && rng.Float64() < opts.DupShare {
			src := window[rng.IntN(len(window))]
			if !yield(i, Article{Source: fmt.Sprintf("gen/%07d.txt", i), Text: perturb(rng, src.text), DupOf: src.i}) {
				return
			}
			continue
		}
		// A distinct article: a headline and five paragraphs of three
		// sentences, each drawn from anywhere in the base, so that two
		// generated articles share no more than a sentence or two, as
		// distinct reports do.
		var b strings.Builder
		head := draw()
		b.WriteString(strings.TrimSuffix(head[:min(len(head), 70)], "."))
		for p := 0; p < 5; p++ {
			b.WriteString("\n\n")
			for k := 0; k < 3; k++ {
				if k > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(draw())
			}
		}
		text := b.String()
		window = append(window, recent{i, text})
		if len(window) > 1000 {
			window = window[1:]
		}
		if !yield(i, Article{Source: fmt.Sprintf("gen/%07d.txt", i), Text: text, DupOf: -1}) {
			return
		}
	}
}

// perturb makes a copy of text as a re-post would: one or two of the
// edits news copies show.
func perturb(rng *rand.Rand, text string) string {
	for k := 0; k < 1+rng.IntN(2); k++ {
		switch rng.IntN(5) {
		case 0:
			text = strings.ToUpper(text[:min(len(text), 80)]) + text[min(len(text), 80):]
		case 1:
			text = "Share this article\n\n" + text + "\n\nScroll to Top"
		case 2: // a changed figure
			for i := 0; i < len(text); i++ {
				if text[i] >= '0' && text[i] <= '9' {
					text = text[:i] + string(rune('0'+(text[i]-'0'+1)%10)) + text[i+1:]
					break
				}
			}
		case 3: // a sentence removed
			if i := strings.Index(text, ". "); i > 0 {
				if j := strings.Index(text[i+2:], ". "); j > 0 {
					text = text[:i+2] + text[i+2+j+2:]
				}
			}
		case 4:
			text = strings.ReplaceAll(text, "\n\n", "\n \n")
		}
	}
	return text
}

// Sizes reads the corpus sizes a benchmark runs from an environment
// variable's value, a comma-separated list of article counts; def when it
// is empty.
func Sizes(env string, def []int) ([]int, error) {
	if env == "" {
		return def, nil
	}
	var sizes []int
	for _, f := range strings.Split(env, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q: want a comma-separated list of positive article counts", env)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// BBC reads the BBC corpus under dir (bbc/<category>/<NNN>.txt) in path
// order, as UTF-8 (the one Latin-1 byte becomes U+FFFD: fine for
// benchmarks).
func BBC(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no articles", dir)
	}
	sort.Strings(paths)
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	return out, nil
}
