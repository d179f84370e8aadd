package eval

// Score counts matches of predicted against gold items. The zero value is
// an empty score; it is a plain value, safe to copy.
type Score struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Add returns the sum of two scores.
func (s Score) Add(o Score) Score {
	return Score{TP: s.TP + o.TP, FP: s.FP + o.FP, FN: s.FN + o.FN}
}

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (s Score) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }

// Recall is TP / (TP + FN), 0 when there is no gold item.
func (s Score) Recall() float64 { return ratio(s.TP, s.TP+s.FN) }

// F1 is the harmonic mean of precision and recall.
func (s Score) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// SpecResult is the outcome of running one file of test specs (such as a
// Recognizers-Text JSON spec file) through an extractor.
type SpecResult struct {
	File string `json:"file"`
	// Total counts the cases considered; Skipped those left out (with the
	// reason in SkipReason), Passed those whose results all matched.
	Total      int           `json:"total"`
	Passed     int           `json:"passed"`
	Skipped    int           `json:"skipped"`
	SkipReason string        `json:"skip_reason,omitempty"`
	Failures   []SpecFailure `json:"failures,omitempty"`
}

// PassRate is Passed / Total.
func (r SpecResult) PassRate() float64 { return ratio(r.Passed, r.Total) }

// SpecFailure is one failed case: its input and what was wanted and got,
// each rendered as a short readable string.
type SpecFailure struct {
	Input string `json:"input"`
	Want  string `json:"want"`
	Got   string `json:"got"`
}
