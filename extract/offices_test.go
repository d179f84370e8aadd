package extract

import (
	"strings"
	"testing"
)

func TestTitledHolders(t *testing.T) {
	x := testExtractor(t)
	for _, tc := range []struct {
		text    string
		want    []string
		notWant []string
	}{
		{
			text: "The clashes come just before Prime Minister Sharif's visit to Moscow.",
			want: []string{"Sharif/PERSON=Shehbaz Sharif"},
		},
		{
			text: "The UN Security Council met on Monday. Separately, Security Council Secretary Sergei Shoigu warned of attacks.",
			want: []string{"UN Security Council/ORG=United Nations Security Council", "Security Council/ORG=Security Council of Russia", "Sergei Shoigu/PERSON=Sergei Shoigu"},
		},
		{
			text: "Anna Ovestinieva, Deputy Permanent Representative of Russia to the UN, said the threat remained.",
			want: []string{"Anna Ovestinieva/PERSON=Anna Evstigneeva"},
		},
		{
			// A surname the office's holder does not have stays as written.
			text:    "Prime Minister Sunak spoke in London on Tuesday.",
			notWant: []string{"Sunak/PERSON=Keir Starmer"},
		},
		{
			// A different first name is another person, however close the surname.
			text:    "Maria Evstigneeva, Deputy Permanent Representative of Russia to the UN, spoke.",
			notWant: []string{"Maria Evstigneeva/PERSON=Anna Evstigneeva"},
		},
	} {
		checkMentions(t, x, tc.text, tc.want, tc.notWant)
	}
}

func TestNearSpelling(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Ovestinieva", "Evstigneeva", true},
		{"Evstigneeva", "Evstigneeva", true},
		{"Nebenzia", "Nebenzya", true},
		{"Lavrov", "Lebedev", false},
		{"Khan", "Kahn", false},   // too short to judge
		{"smith", "smyth", false}, // not a name
	} {
		if got := nearSpelling(tc.a, tc.b); got != tc.want {
			t.Errorf("nearSpelling(%q, %q) = %v, want %v (distance %d)", tc.a, tc.b, got, tc.want, editDistance(tc.a, tc.b))
		}
	}
}

func TestOfficesWellFormed(t *testing.T) {
	for _, o := range offices {
		if o.Title == "" || !strings.Contains(o.Holder, " ") {
			t.Errorf("office %+v: a title and a full name are required", o)
		}
		if o.Short != "" && !strings.Contains(o.Holder, o.Short) {
			t.Errorf("office %+v: short name not in the holder's name", o)
		}
	}
}
