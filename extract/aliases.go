package extract

import (
	"strings"
	"unicode"
)

// aliasEntry is one entity of the curated alias table.
type aliasEntry struct {
	Canonical string
	Type      string
}

// aliasTable lists the groups, bodies and places this domain names every
// day, each with the spellings and short forms news uses for it. The first
// name is the canonical one: the fullest common English name. Spelling
// variants that aliasKey already folds (Organisation/Organization,
// al-Qaida/al Qaeda, Tehreek/Tehrik, -i-/-e-, hyphens, case) need no entry
// of their own.
var aliasTable = []struct {
	typ   string
	names []string
}{
	// Armed groups.
	{Org, []string{"Islamic State Khorasan Province", "Islamic State-Khorasan Province", "Islamic State Khorasan", "Islamic State in Khorasan Province", "Islamic State of Khorasan Province", "IS-KP", "ISKP", "IS-K", "ISIS-K", "ISIS-KP", "ISIS-Khorasan", "ISK", "Daesh-Khorasan"}},
	{Org, []string{"Islamic State", "ISIS", "ISIL", "IS", "Daesh", "Islamic State of Iraq and Syria", "Islamic State of Iraq and the Levant", "Islamic State group"}},
	{Org, []string{"Tehrik-e-Taliban Pakistan", "TTP", "Pakistani Taliban", "Tehrik-e-Taliban"}},
	{Org, []string{"Taliban", "Afghan Taliban"}},
	{Org, []string{"al-Qaida", "al-Qaeda", "Al Qaeda", "Al-Qaida", "Al-Qa'ida", "al-Qa'ida"}},
	{Org, []string{"al-Qaida in the Indian Subcontinent", "AQIS"}},
	{Org, []string{"al-Qaida in the Arabian Peninsula", "AQAP"}},
	{Org, []string{"East Turkestan Islamic Movement", "ETIM", "Turkestan Islamic Party", "TIP", "East Turkistan Islamic Movement", "Turkistan Islamic Party"}},
	{Org, []string{"Islamic Movement of Uzbekistan", "IMU"}},
	{Org, []string{"Jamaat Ansarullah", "Jamaat Ansarallah"}},
	{Org, []string{"Haqqani Network", "Haqqani network"}},
	{Org, []string{"Lashkar-e-Taiba", "LeT", "Lashkar-e-Toiba"}},
	{Org, []string{"Jaish-e-Mohammed", "JeM", "Jaish-e-Muhammad"}},
	{Org, []string{"Balochistan Liberation Army", "BLA", "Baloch Liberation Army"}},
	{Org, []string{"Hayat Tahrir al-Sham", "HTS"}},
	{Org, []string{"al-Shabaab", "al-Shabab", "Al-Shabaab", "Al Shabaab"}},
	{Org, []string{"Boko Haram"}},
	{Org, []string{"Hezbollah", "Hizbollah", "Hizballah"}},
	{Org, []string{"Hamas"}},
	{Org, []string{"Houthis", "Houthi", "Ansar Allah", "Ansarallah", "Houthi movement"}},
	{Org, []string{"Kurdistan Workers' Party", "PKK"}},
	{Org, []string{"Wagner Group"}},
	{Org, []string{"National Resistance Front", "NRF"}},

	// International and regional bodies.
	{Org, []string{"United Nations", "UN", "U.N."}},
	{Org, []string{"United Nations Security Council", "UN Security Council", "UNSC", "U.N. Security Council"}},
	{Org, []string{"United Nations General Assembly", "UN General Assembly", "UNGA"}},
	{Org, []string{"United Nations Assistance Mission in Afghanistan", "UNAMA"}},
	{Org, []string{"Office of the United Nations High Commissioner for Refugees", "UNHCR", "UN refugee agency"}},
	{Org, []string{"UNICEF", "United Nations Children's Fund"}},
	{Org, []string{"World Health Organization", "WHO"}},
	{Org, []string{"World Food Programme", "WFP"}},
	{Org, []string{"International Atomic Energy Agency", "IAEA"}},
	{Org, []string{"International Monetary Fund", "IMF"}},
	{Org, []string{"World Bank"}},
	{Org, []string{"World Trade Organization", "WTO"}},
	{Org, []string{"International Criminal Court", "ICC"}},
	{Org, []string{"North Atlantic Treaty Organization", "NATO", "Nato"}},
	{Org, []string{"European Union", "EU"}},
	{Org, []string{"European Commission"}},
	{Org, []string{"Collective Security Treaty Organization", "CSTO"}},
	{Org, []string{"Shanghai Cooperation Organisation", "SCO"}},
	{Org, []string{"Commonwealth of Independent States", "CIS"}},
	{Org, []string{"Association of Southeast Asian Nations", "ASEAN"}},
	{Org, []string{"African Union", "AU"}},
	{Org, []string{"Organization of the Petroleum Exporting Countries", "OPEC"}},
	{Org, []string{"Organization for Security and Co-operation in Europe", "OSCE"}},
	{Org, []string{"Organisation of Islamic Cooperation", "OIC"}},
	{Org, []string{"Gulf Cooperation Council", "GCC"}},
	{Org, []string{"Financial Action Task Force", "FATF"}},
	{Org, []string{"BRICS"}},
	{Org, []string{"G7", "Group of Seven"}},
	{Org, []string{"G20", "Group of 20", "Group of Twenty"}},

	// National bodies named daily.
	{Org, []string{"United States Department of State", "State Department", "US State Department", "U.S. State Department", "Department of State"}},
	{Org, []string{"United States Department of Defense", "Pentagon", "US Department of Defense", "Department of Defense"}},
	{Org, []string{"United States Central Command", "US Central Command", "U.S. Central Command", "CENTCOM"}},
	{Org, []string{"Central Intelligence Agency", "CIA"}},
	{Org, []string{"Federal Bureau of Investigation", "FBI"}},
	{Org, []string{"Russian Foreign Ministry", "Russian Ministry of Foreign Affairs", "Ministry of Foreign Affairs of Russia", "Foreign Ministry of Russia"}},
	{Org, []string{"Russian Defence Ministry", "Russian Ministry of Defence", "Ministry of Defence of Russia"}},
	{Org, []string{"Security Council of Russia", "Russian Security Council"}},
	{Org, []string{"Supreme Court of Russia", "Russian Supreme Court"}},
	{Org, []string{"Federal Security Service", "FSB"}},
	{Org, []string{"Inter-Services Intelligence", "ISI"}},
	{Org, []string{"Inter-Services Public Relations", "ISPR"}},
	{Org, []string{"Interfax"}},
	{Org, []string{"Reuters"}},
	{Org, []string{"Associated Press", "AP"}},
	{Org, []string{"Agence France-Presse", "AFP"}},
	{Org, []string{"TASS"}},
	{Org, []string{"RIA Novosti"}},
	{Org, []string{"BBC", "British Broadcasting Corporation"}},
	{Org, []string{"Kremlin"}},

	// Places whose short forms a gazetteer of country names misses.
	{GPE, []string{"United States", "US", "U.S.", "USA", "U.S.A.", "United States of America"}},
	{GPE, []string{"United Kingdom", "UK", "U.K.", "Britain", "Great Britain"}},
	{GPE, []string{"United Arab Emirates", "UAE", "U.A.E."}},
	{GPE, []string{"Democratic Republic of the Congo", "DRC", "DR Congo"}},
	{Loc, []string{"Tajikistan–Afghanistan border", "Tajik-Afghan border", "Afghan-Tajik border", "Tajikistan-Afghanistan border", "Afghanistan-Tajikistan border"}},
	{Loc, []string{"Afghanistan–Pakistan border", "Afghan-Pakistan border", "Pakistan-Afghanistan border", "Afghanistan-Pakistan border", "Durand Line"}},
	{Loc, []string{"West"}},
	{Loc, []string{"Middle East", "Mideast"}},
	{Loc, []string{"Central Asia"}},
	{Loc, []string{"South Asia"}},
}

// aliases maps aliasKey(name) to its entity, built once from aliasTable.
var aliases = func() map[string]aliasEntry {
	m := map[string]aliasEntry{}
	for _, row := range aliasTable {
		e := aliasEntry{Canonical: row.names[0], Type: row.typ}
		for _, n := range row.names {
			m[aliasKey(n)] = e
		}
	}
	return m
}()

// aliasWords folds spelling variants word by word: British and American
// spellings and the transliterations of one Arabic, Pashto or Urdu word.
var aliasWords = map[string]string{
	"organisation": "organization",
	"defense":      "defence",
	"center":       "centre",
	"program":      "programme",
	"qaeda":        "qaida",
	"tehreek":      "tehrik",
	"tahreek":      "tehrik",
	"tahrik":       "tehrik",
	"i":            "e", // Tehrik-i-Taliban
	"turkistan":    "turkestan",
	"ul":           "e",
}

// aliasKey is the form two names must share to be spelling variants of
// one another: lower case, possessive and a leading "the" dropped,
// hyphens, dashes, dots and apostrophes folded, variant words folded.
func aliasKey(name string) string {
	name = strings.TrimSpace(trimPossessive(name))
	var b strings.Builder
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '‐' || r == '–' || r == '—' || r == '_' || r == '/'
	})
	for i, w := range words {
		w = strings.Map(func(r rune) rune {
			if r == '.' || r == '\'' || r == '’' || r == '‘' {
				return -1
			}
			return r
		}, w)
		if w == "" || (i == 0 && w == "the" && len(words) > 1) {
			continue
		}
		if v, ok := aliasWords[w]; ok && (w != "i" && w != "ul" || i > 0 && i < len(words)-1) {
			w = v
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// trimPossessive drops a trailing 's or ’s.
func trimPossessive(s string) string {
	for _, p := range []string{"’s", "'s", "’", "'"} {
		if strings.HasSuffix(s, p) && len(s) > len(p) {
			return s[:len(s)-len(p)]
		}
	}
	return s
}

// lookupAlias finds a name in the alias table.
func lookupAlias(name string) (aliasEntry, bool) {
	e, ok := aliases[aliasKey(name)]
	return e, ok
}

// Canonical is the canonical name of an entity named on its own, as in a
// search filter: the alias table's ("ISIS-K" -> "Islamic State Khorasan
// Province"), else the gazetteer's ("U.S." -> "United States"), else the
// name itself.
func Canonical(name string) string {
	if a, ok := lookupAlias(name); ok {
		return a.Canonical
	}
	if g, ok := gazLookup(name); ok {
		return g.Canonical
	}
	return name
}
