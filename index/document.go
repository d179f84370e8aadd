package index

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ingest-news/ingest/extract"
)

// Article is one article as stored: its text and metadata, whether it is
// a duplicate (and of which article), and what extraction found in it.
type Article struct {
	ID            string         `json:"id"`
	Source        string         `json:"source"`
	Title         string         `json:"title"`
	Text          string         `json:"text"`
	Published     string         `json:"published"`
	PublishedFrom string         `json:"published_from,omitempty"`
	URL           string         `json:"url,omitempty"`
	ExternalID    string         `json:"external_id,omitempty"`
	DupOf         string         `json:"dup_of,omitempty"`
	Extraction    extract.Result `json:"extraction"`
}

// Failure is an input that could not be ingested, kept in the index so
// that its count and reason survive the run that met it.
type Failure struct {
	Source string `json:"source"`
	Stage  string `json:"stage"`
	Reason string `json:"reason"`
}

// FailureID is the document ID under which a source's failure is kept.
func FailureID(source string) string { return "fail:" + source }

// fields turns an article into the mapping's fields, but for the facet
// terms, and gives its facet values by facet letter.
func (a *Article) fields() (map[string]any, map[byte][]string) {
	facets := map[byte][]string{}
	m := map[string]any{
		FieldKind:      KindArticle,
		FieldSource:    a.Source,
		FieldTitle:     a.Title,
		FieldText:      a.Text,
		FieldDuplicate: a.DupOf != "",
		FieldBytes:     float64(len(a.Text)),
	}
	setIf := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	setIf(FieldPublishedFrom, a.PublishedFrom)
	setIf(FieldURL, a.URL)
	setIf(FieldExternalID, a.ExternalID)
	setIf(FieldDupOf, a.DupOf)
	if t, err := time.Parse(time.DateOnly, a.Published); err == nil {
		m[FieldPublished] = t
		m[FieldMonth] = a.Published[:7]
		facets['m'] = []string{a.Published[:7]}
	}
	names := map[string]map[string]bool{}
	put := func(field, name string) {
		if names[field] == nil {
			names[field] = map[string]bool{}
		}
		names[field][name] = true
	}
	for _, e := range a.Extraction.Entities {
		name := e.Canonical
		if name == "" {
			name = e.Text
		}
		if f, ok := entityFields[e.Type]; ok {
			put(f, name)
		}
	}
	values := map[string][]string{}
	for f, set := range names {
		values[f] = sortedKeys(set)
		m[f] = values[f]
	}
	for letter, fields := range facetFields {
		if len(fields) == 1 {
			if v := values[fields[0]]; v != nil {
				facets[letter] = v
			}
			continue
		}
		set := map[string]bool{}
		for _, f := range fields {
			for name := range names[f] {
				set[name] = true
			}
		}
		if len(set) > 0 {
			facets[letter] = sortedKeys(set)
		}
	}
	var figs []string
	units := map[string]bool{}
	mags := map[string]bool{}
	for _, q := range a.Extraction.Quantities {
		f, ok := figureOf(q)
		if !ok {
			continue
		}
		for _, t := range f.magTerms() {
			mags[t] = true
		}
		figs = append(figs, f.term())
		if f.unit != "" {
			units[f.unit] = true
		}
	}
	if len(figs) > 0 {
		m[FieldQtyMag] = sortedKeys(mags)
		m[FieldFigure] = figs
	}
	if len(units) > 0 {
		m[FieldUnit] = sortedKeys(units)
	}
	var events []time.Time
	for _, d := range a.Extraction.Dates {
		if t, ok := ValueStart(d.Value); ok {
			events = append(events, t)
		}
	}
	if len(events) > 0 {
		m[FieldEventDate] = events
	}
	// The record holds all but the text, which the text field stores.
	rest := *a
	rest.Text = ""
	rec, _ := json.Marshal(&rest)
	m[FieldRecord] = string(rec)
	return m, facets
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ValueStart gives the first day of the period a TIMEX3 date value names:
// a day (with or without a clock time), month, year, ISO week, quarter or
// half. Values with unknown digits ("XXXX-WXX-3") or of other kinds have
// none.
func ValueStart(v string) (time.Time, bool) {
	if strings.ContainsAny(v, "X") || len(v) < 4 {
		return time.Time{}, false
	}
	if len(v) > 10 && v[10] == 'T' {
		v = v[:10] // "2000-04-04T09:00" falls on its day
	}
	year, err := strconv.Atoi(v[:4])
	if err != nil {
		return time.Time{}, false
	}
	rest := v[4:]
	day := func(m time.Month, d int) (time.Time, bool) {
		return time.Date(year, m, d, 0, 0, 0, 0, time.UTC), true
	}
	switch {
	case rest == "":
		return day(1, 1)
	case len(rest) == 3 && rest[0] == '-' && rest[1] >= '0' && rest[1] <= '9':
		if m, err := strconv.Atoi(rest[1:]); err == nil && m >= 1 && m <= 12 {
			return day(time.Month(m), 1)
		}
	case len(rest) == 6 && rest[0] == '-' && rest[3] == '-':
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t, true
		}
	case strings.HasPrefix(rest, "-Q") && len(rest) == 3:
		if q := int(rest[2] - '0'); q >= 1 && q <= 4 {
			return day(time.Month(3*(q-1)+1), 1)
		}
	case strings.HasPrefix(rest, "-H") && len(rest) == 3:
		if h := int(rest[2] - '0'); h >= 1 && h <= 2 {
			return day(time.Month(6*(h-1)+1), 1)
		}
	case strings.HasPrefix(rest, "-W") && len(rest) == 4:
		if w, err := strconv.Atoi(rest[2:]); err == nil && w >= 1 && w <= 53 {
			// ISO week 1 holds January 4th; weeks start on Monday.
			jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
			monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
			return monday.AddDate(0, 0, 7*(w-1)), true
		}
	}
	return time.Time{}, false
}
