package extract

// Entity is one mention of a named entity. Start and End are byte offsets
// into the text extraction ran over, half-open: text[Start:End] == Text.
type Entity struct {
	Text      string `json:"text"`
	Type      string `json:"type"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Canonical string `json:"canonical"`
	// Rule names what produced the mention ("model", "gazetteer:country", ...).
	Rule string `json:"rule,omitempty"`
}

// Entity types, as in the CLI contract.
const (
	Person = "PERSON"
	Org    = "ORG"
	GPE    = "GPE"
	Loc    = "LOC"
	NORP   = "NORP"
)

// Qualifiers of a quantity, as in the CLI contract.
const (
	Exact    = "exact"
	Approx   = "approx"
	Range    = "range"
	MoreThan = "more_than"
	AtLeast  = "at_least"
	LessThan = "less_than"
	AtMost   = "at_most"
)

// Quantity is one figure: a number, a range or a bounded amount. Low and
// High are nil for an open bound; a single value has Low == High.
type Quantity struct {
	Text      string   `json:"text"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	Low       *float64 `json:"low"`
	High      *float64 `json:"high"`
	Qualifier string   `json:"qualifier"`
	Unit      string   `json:"unit"`
	Subject   string   `json:"subject"`
	// Vague marks amounts given in words with no figure ("dozens",
	// "hundreds of"); Low and High then hold a conventional range.
	Vague bool   `json:"vague,omitempty"`
	Rule  string `json:"rule,omitempty"`
}

// Date is one time expression normalised to a TimeML TIMEX3 value
// ("2026", "2026-02", "2026-02-13", "2026-W24", "2026-Q3", "2026-H1", ...),
// resolved against the article's date where the expression is relative.
type Date struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Value string `json:"value"`
	// Mod is TIMEX3's START, MID, END, or empty.
	Mod  string `json:"mod"`
	Rule string `json:"rule,omitempty"`
}

// Date modifiers, as TIMEX3 spells them.
const (
	ModStart = "START"
	ModMid   = "MID"
	ModEnd   = "END"
)
