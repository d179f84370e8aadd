// Package extract finds entities, quantities and dates in article text.
//
// Rules, gazetteers and models are compiled once (Compile); extraction is
// then a pure function of the text and the article's date, and every
// mention carries exact byte offsets into the text it was found in:
//
//	x, err := extract.Compile(extract.Options{})
//	rec := x.Extract(text, published)
//	for _, e := range rec.Entities {
//		fmt.Println(text[e.Start:e.End], e.Type, e.Canonical)
//	}
package extract
