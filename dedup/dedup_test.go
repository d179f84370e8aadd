package dedup

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"

	_ "github.com/ingest-news/ingest/internal/golden"
)

// memStore is a Store over maps, standing in for the index.
type memStore struct {
	meta  map[string][]byte
	texts map[string]string
}

func (m *memStore) Meta(k string) ([]byte, error) { return m.meta[k], nil }

func (m *memStore) MetaScan(prefix string, fn func(string, []byte) error) error {
	var keys []string
	for k := range m.meta {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := fn(k, m.meta[k]); err != nil {
			return err
		}
	}
	return nil
}

// partStore is a memStore that gives values as readers.
type partStore struct{ *memStore }

func (p partStore) MetaScanParts(prefix string, fn func(string, io.ReaderAt, int) error) error {
	return p.MetaScan(prefix, func(k string, v []byte) error { return fn(k, bytes.NewReader(v), len(v)) })
}

func (m *memStore) Text(id string) (string, error) {
	t, ok := m.texts[id]
	if !ok {
		return "", fmt.Errorf("%s: %w", id, ErrNoText)
	}
	return t, nil
}

// persist writes a verdict's state and the article's text to the store,
// as the index stage does, and tells x.
func (m *memStore) persist(x *Index, id, text string, v Verdict) {
	for k, b := range v.Meta {
		if b == nil {
			delete(m.meta, k)
		} else {
			m.meta[k] = b
		}
	}
	m.texts[id] = text
	x.Persisted(v.Meta, []string{id})
	m.compact(x)
}

// compact writes what x.Compact returns, as the index stage does before
// each batch.
func (m *memStore) compact(x *Index) {
	meta, err := x.Compact()
	if err != nil {
		panic(err)
	}
	for k, b := range meta {
		if b == nil {
			delete(m.meta, k)
		} else {
			m.meta[k] = b
		}
	}
	x.Persisted(meta, nil)
}

// add adds articles in order, persisting each verdict's state at once,
// and returns each article's canonical at the end.
func addAll(t *testing.T, opts Options, arts ...Article) map[string]string {
	t.Helper()
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x := New(st, opts)
	for _, a := range arts {
		v, err := x.Add(a)
		if err != nil {
			t.Fatal(err)
		}
		st.persist(x, a.ID, a.Text, v)
	}
	out := map[string]string{}
	for _, a := range arts {
		c, err := x.CanonicalOf(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[a.ID] = c
	}
	return out
}

const story = `Russia has cautioned that the Islamic State Khorasan is expanding its operational footprint inside Afghanistan, consolidating influence and posing an increasingly severe threat to regional stability.
The warning, issued at the United Nations, reflects mounting international concern over the deteriorating security landscape under Taliban rule.
Russia's deputy envoy told a Security Council committee that the group's presence is growing in both capacity and ambition, with the group seeking to destabilise Afghanistan and neighbouring states.
She noted that despite some acknowledged efforts, measures taken by the authorities to counter extremist organisations remain inadequate and that militants benefit from foreign funding.
Security officials have previously estimated that more than 23,000 fighters affiliated with international extremist networks are currently present in the country.`

const other = `Kazakhstan's central bank raised its main interest rate by half a percentage point on Friday, citing inflation that has stayed above its target for most of the year.
The bank said food prices and utility tariffs were the main drivers and that it would keep policy tight until price growth slowed durably.
Analysts had expected the move after the tenge weakened against the dollar in recent weeks, and some said a further increase was possible in the spring.
The government has promised to cap some regulated prices, but economists warned that subsidies would strain the budget as oil revenues fall.`

func TestVariantsAreDuplicates(t *testing.T) {
	sentences := strings.Split(story, "\n")
	variants := map[string]string{
		"case":     strings.ToUpper(story),
		"punct":    strings.NewReplacer(",", "", ".", " .", "'", "’").Replace(story),
		"space":    strings.ReplaceAll(story, " ", "  \n "),
		"markup":   "<p>" + strings.ReplaceAll(story, "\n", "</p>\n<p>") + "</p>",
		"footer":   "Share this article\n" + story + "\nScroll to Top",
		"number":   strings.Replace(story, "23,000", "25,000", 1),
		"added":    story + "\nThe statement came a day after talks in Moscow with envoys from Central Asian states on border security and refugees.",
		"removed":  strings.Join(append(append([]string{}, sentences[:2]...), sentences[3:]...), "\n"),
		"expanded": story + "\n" + other,
	}
	for name, text := range variants {
		got := addAll(t, Options{}, Article{ID: "orig", Text: story, Published: "2026-01-01"}, Article{ID: name, Text: text, Published: "2026-01-02"})
		if got[name] != "orig" {
			t.Errorf("%s: canonical %q, want orig", name, got[name])
		}
	}
}

func TestDistinctAreNotMerged(t *testing.T) {
	// The same facts in other words: a distinct report.
	rewrite := `Moscow warned the UN that the Khorasan branch of Islamic State keeps growing in Afghanistan and threatens the whole region.
Speaking to a Security Council panel, a Russian diplomat said the militants are more capable and more ambitious than before, and want to unsettle Afghanistan's neighbours.
Taliban steps against extremists fall short, she said, adding that the fighters draw money from abroad. Russian estimates put foreign-linked militants in the country above 23,000.`
	got := addAll(t, Options{}, Article{ID: "a", Text: story}, Article{ID: "b", Text: rewrite}, Article{ID: "c", Text: other})
	for id, c := range got {
		if c != id {
			t.Errorf("%s merged into %s", id, c)
		}
	}
}

func TestCanonicalIsEarliestThenLongest(t *testing.T) {
	longer := story + "\nMore detail follows in a later paragraph about the envoy's remarks and the reaction in Kabul."
	got := addAll(t, Options{},
		Article{ID: "late", Text: story, Published: "2026-02-01"},
		Article{ID: "early", Text: story + " ", Published: "2026-01-15"},
		Article{ID: "early-long", Text: longer, Published: "2026-01-15"},
		Article{ID: "undated", Text: story},
	)
	for _, id := range []string{"late", "early", "early-long", "undated"} {
		if got[id] != "early-long" {
			t.Errorf("%s -> %s, want early-long (earliest, then longest)", id, got[id])
		}
	}
}

func TestShortTextsNeedJaccard(t *testing.T) {
	quote := "the risk of spillover of terrorist activities is very real"
	got := addAll(t, Options{}, Article{ID: "long", Text: story + "\n" + quote}, Article{ID: "quote", Text: quote})
	if got["quote"] != "quote" {
		t.Errorf("a one-line quote was merged into the article quoting it")
	}
}

func TestThresholdOption(t *testing.T) {
	half := strings.Join(strings.Split(story, "\n")[:3], "\n") + "\n" + other
	// Containment of the 3-sentence half is low against the full story
	// plus other text; a strict threshold keeps them apart, a loose one not.
	strict := addAll(t, Options{Threshold: 0.95}, Article{ID: "a", Text: story}, Article{ID: "b", Text: half})
	loose := addAll(t, Options{Threshold: 0.3}, Article{ID: "a", Text: story}, Article{ID: "b", Text: half})
	if strict["b"] != "b" || strict["a"] != "a" || loose["a"] != loose["b"] {
		t.Errorf("strict %v loose %v", strict, loose)
	}
}

func TestSignatureEstimatesJaccard(t *testing.T) {
	seeds := hashSeeds(128)
	a := shingles(words(story), 5)
	b := shingles(words(strings.Join(strings.Split(story, "\n")[:3], "\n")), 5)
	sa, sb := signature(a, seeds), signature(b, seeds)
	same := 0
	for i := range sa {
		if sa[i] == sb[i] {
			same++
		}
	}
	j, _ := similarity(a, b)
	est := float64(same) / 128
	if est < j-0.15 || est > j+0.15 {
		t.Errorf("MinHash estimate %.2f, exact Jaccard %.2f", est, j)
	}
	if fmt.Sprint(hashSeeds(4)) != fmt.Sprint(hashSeeds(4)) {
		t.Error("seeds are not fixed")
	}
}

// A lead that shares a single LSH bucket with the long article it was
// cut from is verified only because of the two sizes, which the
// ordinal's record gives.
func TestContainedLeadSharesOneBucket(t *testing.T) {
	long := story + "\n" + other
	for i := range 12 {
		long += fmt.Sprintf("\nPart %c of the report covers talks %c with officials of province %c, and what they said about the border and %c.", 'a'+i, 'b'+i, 'k'+i, 'n'+i)
	}
	x := New(nil, Options{})
	full := bandKeys(signature(shingles(words(long), 5), x.seeds), 2)
	// The first cut of 44 words (40 shingles) or more that shares
	// exactly one bucket.
	lead := ""
	fields := strings.Fields(long)
	for n := 44; n < len(fields) && lead == ""; n++ {
		cut := strings.Join(fields[:n], " ")
		bands := bandKeys(signature(shingles(words(cut), 5), x.seeds), 2)
		shared := 0
		for b := range bands {
			if bands[b] == full[b] {
				shared++
			}
		}
		if shared == 1 {
			lead = cut
		}
	}
	if lead == "" {
		t.Skip("no cut of the article shares exactly one bucket with it")
	}
	st := &memStore{meta: map[string][]byte{}, texts: map[string]string{}}
	x = New(st, Options{})
	v, err := x.Add(Article{ID: "long", Text: long})
	if err != nil {
		t.Fatal(err)
	}
	st.persist(x, "long", long, v)
	if _, err := x.Add(Article{ID: "lead", Text: lead}); err != nil {
		t.Fatal(err)
	}
	if x.work.verified != 1 {
		t.Errorf("%d verifications, want 1", x.work.verified)
	}
}

// TestRefCache checks the cache of ordinal records: a hit returns what
// was put, an ordinal sharing a slot replaces the one before, and
// ordinal 0 is a record like any other.
func TestRefCache(t *testing.T) {
	var c refCache
	if _, ok := c.get(0); ok {
		t.Fatal("an empty cache has ordinal 0")
	}
	c.put(0, "a\t10")
	c.put(7, "b\t20")
	if r, ok := c.get(0); !ok || r != "a\t10" {
		t.Errorf("get(0) = %q, %v", r, ok)
	}
	if _, ok := c.get(refCacheSlots); ok {
		t.Error("an ordinal found in the slot of another")
	}
	c.put(7+refCacheSlots, "c\t30")
	if _, ok := c.get(7); ok {
		t.Error("a replaced ordinal is still found")
	}
	if r, ok := c.get(7 + refCacheSlots); !ok || r != "c\t30" {
		t.Errorf("get(7+slots) = %q, %v", r, ok)
	}
	// A record too long for a slot is not kept, and leaves the slot's
	// record as it was.
	long := strings.Repeat("x", refSlotBytes) + "\t40"
	c.put(7+refCacheSlots, long)
	if r, ok := c.get(7 + refCacheSlots); !ok || r != "c\t30" {
		t.Errorf("after a long record, get(7+slots) = %q, %v", r, ok)
	}
	full := strings.Repeat("y", refSlotBytes-3) + "\t50"
	c.put(9, full)
	if r, ok := c.get(9); !ok || r != full {
		t.Errorf("a record filling its slot: get(9) = %q, %v", r, ok)
	}
}
