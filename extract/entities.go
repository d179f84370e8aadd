package extract

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entities finds the named entities of text, with canonical names. The
// tagger proposes mentions; rules then fix what a model trained on CoNLL
// news gets wrong for this domain or does not know: titles and "the"
// outside names, hyphenated compounds ("Russia-led"), CoNLL's LOC and MISC
// split into the contract's GPE, LOC and NORP, organisation names the
// tagger cut in two ("Russian" + "Ministry of Foreign Affairs"), borders,
// acronyms defined in the text and used later. Every mention then gets a
// canonical name (see canonicalise).
func (x *Extractor) Entities(text string) []Entity {
	return x.entitiesOf(text, x.tagger.Tag(text))
}

// entitiesOf is Entities given the tagger's mentions of text.
func (x *Extractor) entitiesOf(text string, ents []Entity) []Entity {
	out := make([]Entity, 0, len(ents))
	var rejected []Entity // not names of a contract type: no rule may add one inside
	for _, e := range ents {
		r := x.refine(text, e)
		if len(r) == 0 {
			rejected = append(rejected, e)
		}
		out = append(out, r...)
	}
	ents = mergeAdjacent(text, dropOverlaps(out))
	ents = x.addAcronyms(text, ents)
	ents = dropOverlaps(x.addGazetteer(text, ents, rejected))
	canonicalise(text, ents)
	return nonNil(ents)
}

// titleNouns end a title before a name: "Defence Minister Andrey
// Belousov", "Deputy Permanent Representative of Russia".
var titleNouns = set("President", "Minister", "Secretary", "Representative", "Ambassador",
	"Spokesman", "Spokeswoman", "Spokesperson", "Envoy", "Chief", "Director", "Commander",
	"Chairman", "Chairwoman", "Chair", "Governor", "Mayor", "Senator", "Premier", "Chancellor",
	"Emir", "Leader", "General", "Colonel", "Major", "Captain", "Lieutenant", "Admiral",
	"Marshal", "Sergeant", "Judge", "Justice", "Prosecutor", "Attorney", "Officer",
	"Adviser", "Advisor", "Analyst", "Researcher", "Professor", "Dr", "Dr.", "Mr", "Mr.",
	"Mrs", "Mrs.", "Ms", "Ms.", "Sir", "Dame", "Lord", "Lady", "Gen", "Gen.", "Lt", "Lt.",
	"Col", "Col.", "Maj", "Maj.", "Capt", "Capt.", "Sgt", "Sgt.", "Adm", "Adm.", "Prof",
	"Prof.", "Sen", "Sen.", "Rep", "Rep.", "Gov", "Gov.", "Sheikh", "King", "Queen",
	"Prince", "Princess", "Pope", "Cardinal", "Bishop", "Rev", "Rev.", "Mullah", "Maulana",
	"Imam", "Ayatollah", "Commissioner", "Inspector", "Deputy", "Vice", "Acting")

// titleModifiers may precede a title noun: "Prime Minister", "Foreign
// Minister", "Permanent Representative".
var titleModifiers = set("Prime", "Foreign", "Defence", "Defense", "Interior", "Finance",
	"Permanent", "Special", "Deputy", "Vice", "Acting", "Former", "Senior", "Chief",
	"Supreme", "Attorney", "Lieutenant", "Major", "Brigadier", "Secretary", "State",
	"First", "Executive", "Managing", "General", "Grand", "Crown", "Presidential",
	"Assistant", "Principal", "Lead", "Head")

// compoundSuffixes follow a name in a hyphenated modifier: "Russia-led",
// "Moscow-based", "CSTO-controlled".
var compoundSuffixes = set("led", "based", "backed", "controlled", "linked", "allied",
	"aligned", "affiliated", "born", "owned", "run", "made", "funded", "sponsored",
	"brokered", "held", "occupied", "dominated", "friendly", "style", "era", "bound",
	"centric", "inspired", "supported", "administered", "governed", "built", "produced")

// locHeads end the names of places that are not political units.
var locHeads = set("River", "Mountains", "Mountain", "Mount", "Sea", "Ocean", "Valley",
	"Gulf", "Lake", "Desert", "Peninsula", "Strait", "Straits", "Island", "Islands",
	"Bay", "Basin", "Coast", "Plateau", "Range", "Pass", "Corridor", "Canal", "Delta",
	"Asia", "Europe", "Africa", "America", "Americas", "Caucasus", "Balkans", "Sahel",
	"Himalayas", "Hindu Kush", "Region", "Province", "Valley", "Border", "border")

// religions are NORP that a demonym's shape does not reveal.
var religions = set("Muslim", "Muslims", "Christian", "Christians", "Jewish", "Jew", "Jews",
	"Hindu", "Hindus", "Buddhist", "Buddhists", "Sunni", "Sunnis", "Shia", "Shiite",
	"Shiites", "Shi'ite", "Catholic", "Catholics", "Protestant", "Orthodox", "Sikh",
	"Sikhs", "Islamist", "Islamists", "Jihadist", "Jihadists", "Salafist", "Salafi",
	"Republican", "Republicans", "Democrat", "Democrats", "Democratic", "Communist",
	"Communists", "Socialist", "Socialists", "Conservative", "Conservatives", "Labour",
	"Liberal", "Liberals", "Western", "Eastern", "Arab", "Arabs", "Kurd", "Kurds",
	"Baloch", "Pashtun", "Pashtuns", "Uyghur", "Uyghurs", "Uighur", "Uighurs", "Hazara",
	"Hazaras", "Tajik", "Tajiks", "Uzbek", "Uzbeks", "Turkmen", "Kazakh", "Kazakhs", "Kyrgyz")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// refine cleans one tagged mention and decides its contract type. It
// returns none when what is left is not a name of a contract type.
func (x *Extractor) refine(text string, e Entity) []Entity {
	// A hyphenated modifier: keep the name part.
	if i := strings.LastIndexByte(e.Text, '-'); i > 0 && compoundSuffixes[strings.ToLower(e.Text[i+1:])] {
		e = span(text, e.Start, e.Start+i, e.Type, e.Rule)
		if typ, ok := knownType(e.Text); ok {
			e.Type = typ
		} else if e.Type == NORP && !demonymLike(e.Text) {
			e.Type = GPE // the tagger's MISC for "Kabul-based"
		}
	}
	// The Arabic article stays with the name: "al Qaeda", "al-Shabaab".
	for _, p := range []string{"al-", "al ", "el-", "Al-", "Al "} {
		if e.Start >= len(p) && text[e.Start-len(p):e.Start] == p && (e.Start == len(p) || !isWordByte(text[e.Start-len(p)-1])) {
			e = span(text, e.Start-len(p), e.End, e.Type, e.Rule)
			break
		}
	}
	// Lineage prefixes of South Asian and Arabic names belong to the
	// name ("Syed Khalid Muhammad"); the tagger often leaves them out.
	if e.Type == Person {
		for _, p := range []string{"Syed ", "Sayed ", "Sayyid ", "Mir ", "Khwaja ", "Pir "} {
			if e.Start >= len(p) && text[e.Start-len(p):e.Start] == p && (e.Start == len(p) || !isWordByte(text[e.Start-len(p)-1])) {
				e = span(text, e.Start-len(p), e.End, e.Type, e.Rule)
				break
			}
		}
	}
	// A capitalised "The" mid-sentence is part of a name: "told The
	// Media Line".
	if e.Start >= 4 && text[e.Start-4:e.Start] == "The " && !sentenceStart(text, e.Start-4) {
		e = span(text, e.Start-4, e.End, e.Type, e.Rule)
	}
	e = stripTitles(text, e)
	if e.Text == "" {
		return nil
	}
	if strings.HasPrefix(e.Text, "the ") {
		e = span(text, e.Start+4, e.End, e.Type, e.Rule)
	}
	if p := trimPossessive(e.Text); p != e.Text && !strings.HasSuffix(e.Text, "s'") {
		e = span(text, e.Start, e.Start+len(p), e.Type, e.Rule)
	}
	// Two names joined by a hyphen ("Pakistan-Taliban clashes",
	// "Tajik-Afghan"): each half that is a known name is a mention.
	if parts := strings.Split(e.Text, "-"); len(parts) == 2 && !strings.HasPrefix(text[e.End:], " border") {
		var out []Entity
		for i, p := range parts {
			if typ, ok := knownType(p); ok {
				start := e.Start
				if i == 1 {
					start += len(parts[0]) + 1
				}
				out = append(out, span(text, start, start+len(p), typ, e.Rule))
			}
		}
		if len(out) == 2 {
			return out
		}
	}
	if a, ok := lookupAlias(e.Text); ok && (e.Type != Person || a.Type == Person || isAcronym(e.Text) || strings.Contains(e.Text, " ")) {
		e.Type = a.Type
		return []Entity{e}
	}
	if g, ok := gazLookup(e.Text); ok && e.Type != Org && (e.Type != Person || !strings.Contains(e.Text, " ")) {
		e.Type = g.Type
		return []Entity{e}
	}
	if !strings.Contains(e.Text, " ") && sentenceStart(text, e.Start) && (x.tagger.commonWord(e.Text) || strings.HasSuffix(e.Text, "ly")) {
		return nil // "Understandably", "However"
	}
	switch e.Type {
	case GPE: // CoNLL's LOC: political units and other places
		words := strings.Fields(e.Text)
		if locHeads[words[len(words)-1]] {
			e.Type = Loc
		}
	case NORP: // CoNLL's MISC: keep nationalities, religions and the like
		if !demonymLike(e.Text) {
			return nil
		}
	}
	return []Entity{e}
}

// knownType is the type the alias table or the gazetteer gives a name.
func knownType(name string) (string, bool) {
	if a, ok := lookupAlias(name); ok {
		return a.Type, true
	}
	if g, ok := gazLookup(name); ok {
		return g.Type, true
	}
	if religions[name] {
		return NORP, true
	}
	return "", false
}

// demonymLike reports whether a MISC mention reads as a nationality,
// religion or other group adjective ("Pakistani", "Central Asian",
// "Sunni") rather than an event, a work or a product.
func demonymLike(s string) bool {
	words := strings.Fields(s)
	last := words[len(words)-1]
	if religions[last] {
		return true
	}
	if g, ok := gazLookup(last); ok && g.Type == NORP {
		return true
	}
	for _, suf := range []string{"an", "ans", "ese", "ish", "ic", "ics", "i", "is", "ch", "ss"} {
		if strings.HasSuffix(last, suf) {
			return true
		}
	}
	return false
}

// stripTitles moves the start of a mention past a leading title ("Defence
// Minister Andrey Belousov" -> "Andrey Belousov"; "Deputy Permanent
// Representative of Russia" -> "Russia"). A mention that is all title
// comes back empty.
func stripTitles(text string, e Entity) Entity {
	words := wordSpans(e.Text)
	cut := -1
	for i, w := range words {
		word := e.Text[w[0]:w[1]]
		if !titleNouns[word] && !titleModifiers[word] {
			break
		}
		// An organisation may start with a word that is also a title
		// modifier ("General Assembly", "Chief Directorate"); only an
		// unambiguous title noun ends a title there.
		if titleNouns[word] && (e.Type == Person || !titleModifiers[word]) {
			cut = i
		}
	}
	if cut < 0 {
		return e
	}
	rest := cut + 1
	for rest < len(words) {
		w := e.Text[words[rest][0]:words[rest][1]]
		if w != "of" && w != "to" && w != "the" && w != "for" {
			break
		}
		rest++
	}
	if rest >= len(words) {
		return Entity{}
	}
	return span(text, e.Start+words[rest][0], e.End, e.Type, e.Rule)
}

// wordSpans splits s at spaces, giving each word's byte range.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// sentenceStart reports whether only punctuation, quotes or a line break
// separate position i from the end of the previous sentence.
func sentenceStart(text string, i int) bool {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:i])
		switch {
		case r == '\n', r == '.', r == '!', r == '?', r == ':':
			return true
		case unicode.IsSpace(r), strings.ContainsRune("\"'“‘([—–-", r):
			i -= n
		default:
			return false
		}
	}
	return true
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

// dropOverlaps sorts mentions by start and keeps, of overlapping ones,
// the earliest (the longest of those starting together).
func dropOverlaps(ents []Entity) []Entity {
	sort.SliceStable(ents, func(i, j int) bool {
		if ents[i].Start != ents[j].Start {
			return ents[i].Start < ents[j].Start
		}
		return ents[i].End > ents[j].End
	})
	out := ents[:0]
	end := 0
	for _, e := range ents {
		if e.Start >= end && e.End > e.Start {
			out = append(out, e)
			end = e.End
		}
	}
	return out
}

// span makes the mention text[start:end].
func span(text string, start, end int, typ, rule string) Entity {
	return Entity{Text: text[start:end], Type: typ, Start: start, End: end, Rule: rule}
}

// orgOfHeads are the head nouns of organisations named "<head> of ...".
var orgOfHeads = []string{"Ministry", "Department", "Council", "Committee", "Commission", "Office", "Bureau",
	"Institute", "Agency", "Academy", "Board", "Union", "Federation", "Association", "Court", "Directorate",
	"Secretariat", "Parliament", "Assembly", "University", "College", "School", "Bank", "Fund", "Party", "Movement",
	"Front", "Army", "Corps", "Command", "Service", "Authority", "Organisation", "Organization", "League", "Society",
	"Centre", "Center", "Foundation", "Forum"}

var orgOfHead = set(orgOfHeads...)

var (
	// orgHeadOf is an organisation's head noun and "of" before a name the
	// tagger found without it: "Ministry of" + "Foreign Affairs".
	orgHeadOf = regexp.MustCompile(`(?:^|[^\pL])((?:` + strings.Join(orgOfHeads, "|") + `)\s+(?:of|for|on)\s+(?:the\s+)?)$`)
	// borderWord follows the names a border runs between.
	borderWord = regexp.MustCompile(`^\s+(?:border|frontier)\b`)
)

// mergeAdjacent joins mentions the tagger split: an organisation's head
// and "of" before a name, a nationality or place that begins an
// organisation's name ("Russian Foreign Ministry", "US Institute of
// Peace"), and the places a border runs between, with the word "border".
// orgHeadOfTail reports whether s ends as orgHeadOf's matches do: one of
// its head nouns, "of", "for" or "on", perhaps "the", and white space. It
// spares the expression, which tries every position of the 60 bytes
// before a name, nearly every name: "of the" comes before many.
func orgHeadOfTail(s string) bool {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	if len(t) == len(s) {
		return false
	}
	if w := lastLetters(t); w == "the" {
		t = strings.TrimRightFunc(t[:len(t)-len(w)], unicode.IsSpace)
	}
	w := lastLetters(t)
	if w != "of" && w != "for" && w != "on" {
		return false
	}
	head := strings.TrimRightFunc(t[:len(t)-len(w)], unicode.IsSpace)
	return len(head) < len(t)-len(w) && orgOfHead[lastLetters(head)]
}

// lastLetters returns the run of letters that ends s.
func lastLetters(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= n
	}
	return s[i:]
}

func mergeAdjacent(text string, ents []Entity) []Entity {
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Start < ents[j].Start })
	for i := range ents {
		e := &ents[i]
		if e.Type != Org && e.Type != GPE && e.Type != Loc {
			continue
		}
		if !orgHeadOfTail(text[:e.Start]) {
			continue
		}
		if m := orgHeadOf.FindStringSubmatchIndex(text[max(0, e.Start-60):e.Start]); m != nil {
			start := max(0, e.Start-60) + m[2]
			if (i == 0 || ents[i-1].End <= start) && start < e.Start {
				*e = span(text, start, e.End, Org, "pattern")
			}
		}
	}
	var out []Entity
	for i := 0; i < len(ents); i++ {
		e := ents[i]
		if i+1 < len(ents) {
			n := ents[i+1]
			gap := text[e.End:n.Start]
			if gap == " " || gap == " of " || gap == " of the " || gap == "-" {
				if a, ok := lookupAlias(text[e.Start:n.End]); ok {
					m := span(text, e.Start, n.End, a.Type, "pattern")
					out = append(out, m)
					i++
					continue
				}
			}
			switch {
			case (e.Type == NORP || e.Type == GPE) && n.Type == Org && gap == " " && !isAcronym(n.Text) && (!strings.Contains(e.Text, " ") || orgHeads[firstWord(n.Text)]):
				out = append(out, span(text, e.Start, n.End, Org, "pattern"))
				i++
				continue
			case (e.Type == NORP || e.Type == GPE) && (n.Type == NORP || n.Type == GPE) && (gap == "-" || gap == "–") && borderWord.MatchString(text[n.End:]):
				m := borderWord.FindStringIndex(text[n.End:])
				out = append(out, span(text, e.Start, n.End+m[1], Loc, "pattern"))
				i++
				continue
			}
		}
		if (e.Type == NORP || e.Type == GPE) && strings.ContainsAny(e.Text, "-–") && borderWord.MatchString(text[e.End:]) {
			m := borderWord.FindStringIndex(text[e.End:])
			e = span(text, e.Start, e.End+m[1], Loc, "pattern")
		}
		out = append(out, e)
	}
	return out
}

// orgHeads begin organisation names that a place name may precede:
// "United States Institute of Peace".
var orgHeads = set("Ministry", "Department", "Council", "Committee", "Commission", "Office",
	"Bureau", "Institute", "Agency", "Academy", "Board", "Court", "Parliament", "Army",
	"Navy", "Air", "Central", "National", "Federal", "Supreme", "Security", "Foreign",
	"Defence", "Defense", "Interior", "State", "Embassy", "Consulate", "Mission")

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// acronymRe is an acronym in parentheses after a name: "(IS-KP)", "(CSTO)".
var acronymRe = regexp.MustCompile(`^\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)`)

// acronymAfter matches acronymRe at the start of rest, the text after an
// entity, given no more than up to the first ")" after the "(" a match
// opens with: the regexp engine clears state for every byte of its input,
// and rest runs to the end of the article.
func acronymAfter(rest string) []int {
	t := strings.TrimLeft(rest, regexpSpaces)
	if !strings.HasPrefix(t, "(") {
		return nil
	}
	k := strings.IndexByte(t, ')')
	if k < 0 {
		return nil
	}
	return acronymRe.FindStringSubmatchIndex(rest[:len(rest)-len(t)+k+1])
}

// isAcronym reports whether s is written as an acronym: mostly capitals.
func isAcronym(s string) bool {
	upper, letters := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return upper >= 2 && 2*upper > letters
}

// addAcronyms adds the acronyms the text defines ("Collective Security
// Treaty Organization (CSTO)") and their later uses the tagger missed, and
// the acronyms of the alias table written where the tagger saw nothing.
// Each defined acronym's Canonical is set to its expansion's text for
// canonicalise to resolve.
func (x *Extractor) addAcronyms(text string, ents []Entity) []Entity {
	defined := map[string]Entity{}
	for _, e := range ents {
		if e.Type == Person {
			continue
		}
		m := acronymAfter(text[e.End:])
		if m == nil {
			continue
		}
		acr := text[e.End+m[2] : e.End+m[3]]
		if isAcronym(acr) && !isAcronym(e.Text) {
			defined[acr] = e
		}
	}
	covered := func(start, end int) bool {
		i := sort.Search(len(ents), func(i int) bool { return ents[i].End > start })
		return i < len(ents) && ents[i].Start < end
	}
	var add []Entity
	for _, w := range capsWords(text) {
		acr := text[w[0]:w[1]]
		long, def := defined[acr]
		a, known := lookupAlias(acr)
		if !def && (!known || x.tagger.commonWord(acr) || len(acr) < 3) {
			continue
		}
		if covered(w[0], w[1]) {
			continue
		}
		e := span(text, w[0], w[1], a.Type, "acronym")
		if def {
			e.Type = long.Type
		}
		add = append(add, e)
	}
	if len(add) == 0 && len(defined) == 0 {
		return ents
	}
	ents = dropOverlaps(append(ents, add...))
	for i := range ents {
		if long, ok := defined[ents[i].Text]; ok {
			ents[i].Canonical = long.Text
		}
	}
	return ents
}

// capsWords finds the words of text written in capitals (with inner
// hyphens or dots: "IS-KP", "U.N."), outside runs of capitals such as
// headlines and datelines.
func capsWords(text string) [][2]int {
	var out [][2]int
	isWordRune := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r) || ((r == '-' || r == '.') && j+n < len(text) && unicode.IsUpper(rune(text[j+n]))) {
				j += n
				continue
			}
			break
		}
		w := text[i:j]
		if isAcronym(w) && !capsNeighbour(text, i, j) {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

// capsNeighbour reports whether the word before or after text[i:j] is
// also in capitals: the acronym is then part of a shouted line.
func capsNeighbour(text string, i, j int) bool {
	prev := strings.Fields(text[max(0, i-30):i])
	next := strings.Fields(text[j:min(len(text), j+30)])
	check := func(w string) bool {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		return len(w) > 1 && isAcronym(w) && strings.ToUpper(w) == w && !known(w)
	}
	return len(prev) > 0 && check(prev[len(prev)-1]) || len(next) > 0 && check(next[0])
}

func known(w string) bool {
	_, ok := lookupAlias(w)
	return ok
}

// addGazetteer adds places and nationalities of the gazetteer the tagger
// did not mark, where no mention overlaps them.
func (x *Extractor) addGazetteer(text string, ents, rejected []Entity) []Entity {
	var add []Entity
	r := 0
	drop := map[int]bool{}
	j := 0
	for _, g := range gazMatches(text) {
		for j < len(ents) && ents[j].End <= g.Start {
			j++
		}
		for r < len(rejected) && rejected[r].End <= g.Start {
			r++
		}
		if r < len(rejected) && rejected[r].Start < g.End {
			continue // "U.S." of the tagger's "U.S. Open"
		}
		if j < len(ents) && ents[j].Start < g.End {
			// A gazetteer name that strictly contains the mentions it
			// overlaps is the better span: "Central Asian" over the
			// tagger's "Asian".
			k, inside := j, true
			for ; k < len(ents) && ents[k].Start < g.End; k++ {
				if ents[k].Start < g.Start || ents[k].End > g.End || ents[k].End-ents[k].Start == g.End-g.Start {
					inside = false
				}
			}
			if inside {
				for d := j; d < k; d++ {
					drop[d] = true
				}
				g.Canonical = ""
				add = append(add, g)
			}
			continue
		}
		if !strings.Contains(g.Text, " ") && x.tagger.commonWord(g.Text) {
			continue
		}
		g.Canonical = ""
		add = append(add, g)
	}
	if len(add) == 0 {
		return ents
	}
	kept := make([]Entity, 0, len(ents)+len(add))
	for i, e := range ents {
		if !drop[i] {
			kept = append(kept, e)
		}
	}
	kept = append(kept, add...)
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	return kept
}
