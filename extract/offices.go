package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An office is a post that news names by its title, with its holder.
// Knowing it resolves what the text alone cannot: "Prime Minister Sharif"
// in 2026 is Shehbaz Sharif, and the "Security Council" whose Secretary
// is Sergei Shoigu is Russia's, not the UN's.
type office struct {
	Title  string // as written before or after the holder's name
	Holder string // canonical full name
	Short  string // the name used after the title, when not the last word
	Body   string // the canonical body a title naming one refers to
}

// offices lists posts this domain's news names every day, with their
// holders as of November 2026. A holder leaving a post makes an entry
// wrong, not harmless: keep it current.
var offices = []office{
	// Russia.
	{Title: "President", Holder: "Vladimir Putin"},
	{Title: "Prime Minister", Holder: "Mikhail Mishustin"},
	{Title: "Foreign Minister", Holder: "Sergei Lavrov"},
	{Title: "Defence Minister", Holder: "Andrey Belousov"},
	{Title: "Security Council Secretary", Holder: "Sergei Shoigu", Body: "Security Council of Russia"},
	{Title: "Secretary of the Security Council", Holder: "Sergei Shoigu", Body: "Security Council of Russia"},
	{Title: "Permanent Representative of Russia to the UN", Holder: "Vasily Nebenzya"},
	{Title: "Deputy Permanent Representative of Russia to the UN", Holder: "Anna Evstigneeva"},
	{Title: "Foreign Ministry spokeswoman", Holder: "Maria Zakharova"},
	// Pakistan.
	{Title: "Prime Minister", Holder: "Shehbaz Sharif"},
	{Title: "President", Holder: "Asif Ali Zardari"},
	{Title: "Foreign Minister", Holder: "Ishaq Dar"},
	{Title: "Defence Minister", Holder: "Khawaja Asif"},
	// Afghanistan's Taliban authorities.
	{Title: "Supreme Leader", Holder: "Hibatullah Akhundzada"},
	{Title: "Foreign Minister", Holder: "Amir Khan Muttaqi"},
	{Title: "spokesman", Holder: "Zabihullah Mujahid"},
	// Central Asia.
	{Title: "President", Holder: "Emomali Rahmon"},
	{Title: "President", Holder: "Shavkat Mirziyoyev"},
	{Title: "President", Holder: "Kassym-Jomart Tokayev"},
	{Title: "President", Holder: "Sadyr Japarov"},
	{Title: "President", Holder: "Serdar Berdimuhamedov"},
	// Others named in the region's news.
	{Title: "President", Holder: "Donald Trump"},
	{Title: "Secretary of State", Holder: "Marco Rubio"},
	{Title: "Prime Minister", Holder: "Keir Starmer"},
	{Title: "Prime Minister", Holder: "Narendra Modi"},
	{Title: "President", Holder: "Xi Jinping", Short: "Xi"},
	{Title: "Foreign Minister", Holder: "Wang Yi", Short: "Wang"},
	{Title: "President", Holder: "Masoud Pezeshkian"},
	{Title: "Secretary-General", Holder: "António Guterres"},
}

// officeTitles maps a lower-cased title to its offices.
var officeTitles = func() map[string][]office {
	m := map[string][]office{}
	for _, o := range offices {
		k := strings.ToLower(o.Title)
		m[k] = append(m[k], o)
	}
	return m
}()

// maxTitleWords bounds how far before a name a title is looked for.
const maxTitleWords = 10

// shortName is what the news calls a holder after the title.
func (o office) shortName() string {
	if o.Short != "" {
		return o.Short
	}
	return o.Holder[strings.LastIndexByte(o.Holder, ' ')+1:]
}

// titledHolders resolves people named with a title to the title's holder,
// and a body inside that title to the office's body:
//
//   - "Prime Minister Sharif": a surname after a title whose holder has
//     that surname;
//   - "Security Council Secretary Sergei Shoigu": the "Security Council"
//     in the title is the office's body;
//   - "Anna Ovestinieva, Deputy Permanent Representative of Russia to the
//     UN": a name in apposition with a title, whose holder has the same
//     first name and a surname a few letters apart, is a misspelling of
//     the holder's.
func titledHolders(text string, ents []Entity, fixed []bool) {
	for i := range ents {
		e := &ents[i]
		if e.Type != Person {
			continue
		}
		if o, start, ok := titleBefore(text, e.Start, e.Canonical); ok {
			e.Canonical, fixed[i] = o.Holder, true
			if o.Body != "" {
				for j := range ents {
					if b := &ents[j]; b.Type == Org && b.Start >= start && b.End <= e.Start {
						b.Canonical, fixed[j] = o.Body, true
					}
				}
			}
			continue
		}
		if o, ok := titleAfter(text, e.End, e.Canonical); ok {
			e.Canonical, fixed[i] = o.Holder, true
		}
	}
}

// titleBefore finds an office title ending just before a name (one space
// between), held by the person the name names; it returns the office and
// where its title starts.
func titleBefore(text string, at int, name string) (office, int, bool) {
	if at == 0 || text[at-1] != ' ' {
		return office{}, 0, false
	}
	end := at - 1 // the space before the name
	for start, w := end, 0; w < maxTitleWords && start > 0; w++ {
		i := strings.LastIndexAny(text[:start], " \n\t(\"")
		for _, o := range officeTitles[strings.ToLower(text[i+1:end])] {
			if o.Holder == name || o.shortName() == name {
				return o, i + 1, true
			}
		}
		if i < 0 || text[i] != ' ' {
			break
		}
		start = i
	}
	return office{}, 0, false
}

// titleAfter finds an office title in apposition after a name (", "
// then the title, then punctuation or the end), held by someone of the
// same first name and a nearly equal surname.
func titleAfter(text string, at int, name string) (office, bool) {
	rest, ok := strings.CutPrefix(text[at:], ", ")
	if !ok {
		return office{}, false
	}
	first, last, ok := strings.Cut(name, " ")
	if !ok {
		return office{}, false
	}
	end := 0
	for w := 0; w < maxTitleWords; w++ {
		j := strings.IndexAny(rest[end:], " ,.;:)\n")
		if j < 0 {
			j = len(rest) - end
		}
		end += j
		for _, o := range officeTitles[strings.ToLower(rest[:end])] {
			hf, hl, _ := strings.Cut(o.Holder, " ")
			if o.Holder == name || hf == first && nearSpelling(hl, last) {
				return o, true
			}
		}
		if end >= len(rest) || rest[end] != ' ' {
			break
		}
		end++
	}
	return office{}, false
}

// nearSpelling reports whether two capitalised words of at least five
// letters differ by at most two fifths of their letters (edit distance):
// "Ovestinieva" and "Evstigneeva" are one name misheard.
func nearSpelling(a, b string) bool {
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if min(na, nb) < 5 || a == "" || b == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(a); !unicode.IsUpper(r) {
		return false
	}
	return 5*editDistance(strings.ToLower(a), strings.ToLower(b)) <= 2*max(na, nb)
}

// editDistance is the Levenshtein distance between two strings, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
