package main

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// seedSet runs a search and returns the seed numbers of its hits, in
// hit order ("000 001").
func seedSet(t *testing.T, ix string, args ...string) string {
	t.Helper()
	r := search(t, ix, args...)
	var ids []string
	for _, h := range r.Hits {
		base := h.Source[strings.LastIndex(h.Source, "/")+1:]
		ids = append(ids, base[:3])
	}
	return strings.Join(ids, " ")
}

func TestSearchFilters(t *testing.T) {
	ix := seedsIndex(t)
	for _, tc := range []struct {
		name string
		args []string
		want string // seeds, in hit order when sorted, else sorted
		ord  bool
	}{
		{"published since", []string{"--since", "2026-03-01", "Taliban"}, "001", false},
		{"published until", []string{"--until", "2026-03-02", "Taliban"}, "", false},
		{"event dates", []string{"--event-since", "2025-11-01", "--event-until", "2025-12-31", "Russia"}, "004", false},
		{"figure with unit", []string{"--figure-min", "20000", "--unit", "fighters", "Afghanistan"}, "000 001 003", false},
		{"figure max", []string{"--figure-max", "250", "--unit", "FIGHTERS", "Taliban"}, "000 001", false},
		{"figure without query", []string{"--figure-min", "15000", "--figure-max", "15000"}, "002", false},
		{"person filter, any case", []string{`person:"andrey belousov" Russia`}, "002", false},
		{"place filter is required", []string{`place:Bishkek Taliban`}, "002", false},
		{"entity alias finds every spelling", []string{`entity:"ISIS-K"`}, "000 001 003 004", false},
		{"org acronym", []string{`org:TTP`}, "000 001 003 004", false},
		{"person by surname", []string{`person:belousov`}, "002", false},
		{"sort by date", []string{"--sort", "date", "--limit", "1", "Taliban"}, "001", true},
	} {
		got := seedSet(t, ix, tc.args...)
		if !tc.ord {
			f := strings.Fields(got)
			sort.Strings(f)
			got = strings.Join(f, " ")
		}
		if got != tc.want {
			t.Errorf("%s: %v found %q, want %q", tc.name, tc.args, got, tc.want)
		}
	}
	all := seedSet(t, ix, "--limit", "5", "Taliban")
	page := seedSet(t, ix, "--limit", "2", "--offset", "2", "Taliban")
	if f := strings.Fields(all); len(f) != 5 || page != strings.Join(f[2:4], " ") {
		t.Errorf("offset 2 limit 2 gave %q from %q", page, all)
	}
}

func TestSearchFacets(t *testing.T) {
	ix := seedsIndex(t)
	out, stderr, code := run(t, "", "search", "--index", ix, "--json", "--facets", "--facet-size", "3", "Afghanistan")
	if code != 0 {
		t.Fatalf("%d %s", code, stderr)
	}
	var r struct {
		Total  int `json:"total"`
		Facets map[string][]struct {
			Term  string
			Count int
		} `json:"facets"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"person", "org", "place", "norp", "month"} {
		list, ok := r.Facets[name]
		if !ok {
			t.Errorf("facet %s missing", name)
		}
		if name != "month" && len(list) > 3 {
			t.Errorf("facet %s has %d names, want at most 3", name, len(list))
		}
		for i := 1; i < len(list) && name != "month"; i++ {
			if list[i].Count > list[i-1].Count {
				t.Errorf("facet %s not by count: %+v", name, list)
			}
		}
		for _, f := range list {
			if f.Count < 1 || f.Count > r.Total {
				t.Errorf("facet %s: %+v out of range (total %d)", name, f, r.Total)
			}
		}
	}
	if m := r.Facets["month"]; len(m) != 1 || m[0].Term != "2026-03" || m[0].Count != 1 {
		t.Errorf("month facet %+v, want 2026-03: 1 (only seed 001 is dated)", m)
	}
	if len(r.Facets["place"]) == 0 || r.Facets["place"][0].Count != r.Total {
		t.Errorf("every Afghanistan hit should name a place: %+v", r.Facets["place"])
	}
	out, _, _ = run(t, "", "search", "--index", ix, "--facets", "Afghanistan")
	if !strings.Contains(out, "person:") || !strings.Contains(out, "2026-03") {
		t.Errorf("human facets table missing:\n%s", out)
	}
}

// TestRenderMarks: matched words are coloured on a terminal and bracketed
// elsewhere (a pipe, a file, NO_COLOR); entities and spacing are cleaned.
func TestRenderMarks(t *testing.T) {
	frag := "the  <mark>Taliban</mark>&#39;s\n<mark>2021</mark> return"
	if got, want := renderMarks(frag, false), "the [Taliban]'s [2021] return"; got != want {
		t.Errorf("plain: %q, want %q", got, want)
	}
	if got, want := renderMarks(frag, true), "the \x1b[1;33mTaliban\x1b[0m's \x1b[1;33m2021\x1b[0m return"; got != want {
		t.Errorf("colour: %q, want %q", got, want)
	}
	// Output that is not a terminal gets brackets, never escape codes.
	out, _, code := run(t, "", "search", "--index", seedsIndex(t), "Belousov")
	if code != 0 || strings.Contains(out, "\x1b") || !strings.Contains(out, "[Belousov]") {
		t.Errorf("search to a pipe (status %d):\n%s", code, out)
	}
}
