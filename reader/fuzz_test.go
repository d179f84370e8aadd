package reader

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The fuzz targets below check what every caller of the readers relies
// on whatever the input: no panic, valid UTF-8 out, an error that names
// its source and gives a reason. Seeds run as ordinary tests under
// `go test`; `go test -fuzz` explores from them and keeps any failing
// input under testdata/fuzz/ as a regression seed.

// fuzzSeedFiles adds the repository's seed articles, raw, to f: they are
// the realistic shape of input every target starts from.
func fuzzSeedFiles(f *testing.F) {
	f.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "seeds", "*.txt"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fuzzTextSeeds are plain-text inputs with the quirks real files have.
var fuzzTextSeeds = []string{
	" date 2026-03-03 Regional officials warn\n\n[ISLAMABAD] Between 20,000 and 23,000 fighters remain.\n",
	"date 2026-02-30 impossible header\nBody.",
	"date 2026-03-03\n",
	"\xEF\xBB\xBFdate 2025-12-01 Headline with a BOM\r\nBody with CRLF.\r\n",
	"Headline\rwith old Mac line ends\rBody.\r",
	"Caf\xe9 owners in Kabul say prices rose 15\x80 this year.\n",    // Windows-1252
	"Kabul \xe2\x80\x93 Dushanbe \xff talks resumed on Wednesday.\n", // broken UTF-8 next to valid
	"Title\x00with a NUL\n",
	"\xFF\xFEK\x00a\x00b\x00u\x00l\x00\n\x00",      // UTF-16LE
	"\xFE\xFF\x00K\x00a\x00b\x00u\x00l\x00\n",      // UTF-16BE
	"\xFF\xFE\x00\xD8\x41\x00",                     // unpaired surrogate
	"\xFF\xFEK",                                    // odd length
	"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",          // PNG signature
	"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03text", // gzip
	"   \t\n\n  ",
	"e\u0301 combining accent, \u00a0non-breaking space \u00a0\n",
	strings.Repeat("word ", 250) + "\n\nNext paragraph.",
}

// fuzzCheckArticle checks what every successfully read article must be.
func fuzzCheckArticle(t *testing.T, a Article, format string) {
	t.Helper()
	if !utf8.ValidString(a.Text) {
		t.Errorf("Text is not valid UTF-8: %q", a.Text)
	}
	if !utf8.ValidString(a.Title) {
		t.Errorf("Title is not valid UTF-8: %q", a.Title)
	}
	if strings.TrimSpace(a.Text) == "" {
		t.Errorf("article read without error has blank Text %q", a.Text)
	}
	if a.Format != format {
		t.Errorf("Format %q, want %q", a.Format, format)
	}
	if (a.Published == "") != (a.PublishedFrom == "") {
		t.Errorf("Published %q with PublishedFrom %q", a.Published, a.PublishedFrom)
	}
	if a.Published != "" && !validDate(a.Published) {
		t.Errorf("Published %q is not a YYYY-MM-DD date", a.Published)
	}
	// Every later stage and every stored offset refers to the normalised
	// text, so normalising must be stable: a second pass that moved bytes
	// would shift offsets computed after the first.
	n := Normalize(a)
	if !utf8.ValidString(n.Text) || !utf8.ValidString(n.Title) {
		t.Errorf("Normalize made invalid UTF-8: %q / %q", n.Title, n.Text)
	}
	// The seed text definition: LF line ends, NFC, no trailing blanks.
	if strings.IndexByte(n.Text, '\r') >= 0 || !norm.NFC.IsNormalString(n.Text) {
		t.Errorf("normalised text %q has a CR or is not NFC", n.Text)
	}
	if strings.TrimRight(n.Text, " \t\n\f\v\u00a0") != n.Text {
		t.Errorf("normalised text %q ends in whitespace", n.Text)
	}
	if nn := Normalize(n); nn.Text != n.Text || nn.Title != n.Title {
		t.Errorf("Normalize is not idempotent: %q then %q", n.Text, nn.Text)
	}
}

// fuzzCheckReason checks that a refusal names its input and says why,
// with one of the package's reasons: callers count and report failures by
// these sentinels.
func fuzzCheckReason(t *testing.T, a Article, source string, err error) {
	t.Helper()
	if a.Source != source {
		t.Errorf("failed article has Source %q, want %q (err %v)", a.Source, source, err)
	}
	if err.Error() == "" {
		t.Errorf("error with an empty message")
	}
	if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEncoding) {
		t.Errorf("error %v is not one of the package's reasons", err)
	}
	if e := (&Error{source, err}).Error(); !strings.HasPrefix(e, source+": ") {
		t.Errorf("wrapped error %q does not name %q", e, source)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzTextSeeds {
		f.Add([]byte(s))
	}
	fuzzSeedFiles(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := decode(b)
		if err != nil {
			if !errors.Is(err, ErrBinary) && !errors.Is(err, ErrEncoding) {
				t.Errorf("decode error %v is neither ErrBinary nor ErrEncoding", err)
			}
			if s != "" {
				t.Errorf("decode returned text %q with error %v", s, err)
			}
			if strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(err.Error(), ErrBinary.Error()), ErrEncoding.Error())) == ":" {
				t.Errorf("decode error %q gives no detail", err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Errorf("decode returned invalid UTF-8 %q", s)
		}
		if strings.IndexByte(s, 0) >= 0 {
			t.Errorf("decode returned text with a NUL byte: %q", s)
		}
		// UTF-8 without a byte-order mark is already what decode makes:
		// it must come back byte for byte, or offsets would not match
		// the file the user has.
		if utf8.Valid(b) && !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) &&
			!bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) && s != string(b) {
			t.Errorf("valid UTF-8 %q decoded to %q", b, s)
		}
		// A byte-order mark is dropped and nothing else.
		if rest, ok := bytes.CutPrefix(b, []byte{0xEF, 0xBB, 0xBF}); ok && utf8.Valid(rest) && s != string(rest) {
			t.Errorf("UTF-8 with a BOM %q decoded to %q", b, s)
		}
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range fuzzTextSeeds {
		f.Add([]byte(s))
	}
	fuzzSeedFiles(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		const source = "news/fuzz.txt"
		a, err := Parse(source, Text, b)
		if err != nil {
			fuzzCheckReason(t, a, source, err)
			return
		}
		if a.Source != source {
			t.Errorf("Source %q, want %q", a.Source, source)
		}
		fuzzCheckArticle(t, a, "text")
		if a.Title != "" && !strings.Contains(a.Text, a.Title) {
			t.Errorf("title %q is not in the text %q", a.Title, a.Text)
		}
		if a.PublishedFrom != "" && a.PublishedFrom != FromHeader {
			t.Errorf("plain text dated from %q", a.PublishedFrom)
		}
		// The text is the decoded file less, at most, a date header that
		// names the published date: gold offsets count from there.
		s, _ := decode(b)
		head, ok := strings.CutSuffix(s, a.Text)
		switch {
		case !ok:
			t.Errorf("text %q is not the end of the decoded input %q", a.Text, s)
		case head == "" && a.Published != "":
			t.Errorf("dated %q with no header removed", a.Published)
		case head != "" && (a.Published == "" || !dateHeader.MatchString(head) || !strings.Contains(head, a.Published)):
			t.Errorf("removed %q, which is not a header of the date %q", head, a.Published)
		}
	})
}

// fuzzHTMLSeeds are pages with the odd markup scraped news has.
var fuzzHTMLSeeds = []string{
	`<!doctype html><html><head><title>Site | Story</title>
<meta property="article:published_time" content="2026-03-03T09:00:00+05:00">
<script type="application/ld+json">{"@graph":[{"datePublished":"2025-11-20"}]}</script></head>
<body><header><h1>Big headline</h1><nav>Home</nav></header><article><p>First <b>para</b>.</p>
<p>Second &amp; last &#8212; 5,000 to 7,000.</p></article><footer>Top</footer></body></html>`,
	`<html><head><title>Nothing</title></head></html>`,
	`<p>Unclosed <b>bold <i>and italic<p>next<br>line<li>item`,
	`<body><h1></h1><h1>Second h1</h1><div><div><div>deep</div></div></div>`,
	`<script type="application/ld+json">[{"datePublished":["x"]},{"@graph":{"@graph":{"datePublished":"Tue, 03 Mar 2026 10:00:00 GMT"}}}]</script><p>x</p>`,
	`<script type="application/ld+json">{"datePublished": 20260303}</script><body>Body`,
	`<meta name="pubdate" content="March 3, 2026"><meta name="date" content="not a date"><p>t</p>`,
	`<table><tr><td>20,000<td>23,000</tr></table><pre>  kept
  pre  </pre><svg><text>no</text></svg><template><p>hidden</p></template>`,
	`<p>&#0; &#xD800; &#x110000; &amp &lt;script&gt; &nbsp;&nbsp;</p>`,
	"<p>Caf\xe9 in Windows-1252</p>",
	"\xEF\xBB\xBF<html><body><p>BOM page</p></body></html>",
	"\xFF\xFE<\x00p\x00>\x00h\x00i\x00",
	`<frameset><frame src="x"></frameset>`,
	`<body><select><option>a</select><math><mi>x</mi></math><noscript><p>js</p></noscript>` + "\r\n<p>after</p>",
	`<![CDATA[ raw ]]><!-- comment --><?php echo 1 ?><p title="a>b">text</p>`,
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range fuzzHTMLSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		const source = "news/fuzz.html"
		a, err := Parse(source, HTML, b)
		if err != nil {
			fuzzCheckReason(t, a, source, err)
			return
		}
		if a.Source != source {
			t.Errorf("Source %q, want %q", a.Source, source)
		}
		fuzzCheckArticle(t, a, "html")
		if a.Title != "" && !strings.HasPrefix(a.Text, a.Title) {
			t.Errorf("text %q does not open with the title %q", a.Text, a.Title)
		}
		switch a.PublishedFrom {
		case "", FromMeta, FromJSONLD:
		default:
			t.Errorf("HTML dated from %q", a.PublishedFrom)
		}
		// Paragraphs are collapsed runs of words, one blank line apart:
		// markup whitespace must not reach the offsets.
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p == "" || strings.Join(strings.Fields(p), " ") != p {
				t.Errorf("paragraph %q of %q is blank or has stray whitespace", p, a.Text)
			}
		}
	})
}

// fuzzJSONLSeeds are feeds with odd escapes, blank and broken lines.
var fuzzJSONLSeeds = []string{
	`{"id":"a1","title":"Headline","text":"Body with 3,000 fighters.","published":"2026-03-03T10:00:00Z","url":"https://x/a"}` + "\n" +
		`{"id":7,"text":"Headline\n\nNumeric id."}` + "\n",
	"\n   \n\t\r\n" + `{"text":"after blank lines"}` + "\r\n",
	`{"text":"\u0000nul \ud800 lone surrogate \u00e9 \\ \/ \" \t"}`,
	`{"title":"  Padded  ","text":"  Padded  \n body"}`,
	`{"text":"x","published":"yesterday"}` + "\n" + `{"text":""}` + "\n" + `{"title":"no text"}` + "\n",
	"{\"text\":\"raw \xff byte\"}\n{\"text\":\"raw \xe2\x80 cut\"}",
	"\xEF\xBB\xBF" + `{"text":"BOM first line"}`,
	`{"id":{"nested":["x"]},"source":"feed/other#9","text":"own source"}`,
	`{"text":"x"` + "\n" + `not json at all` + "\n" + `[1,2,3]` + "\n" + `null`,
	`{"text":"a","text":"duplicate key"}`,
	`{"text":"` + strings.Repeat("long ", 30) + `"}` + "\n" + strings.Repeat(" ", 100) + "\n",
	"\u2028\n\u0085\n\u00a0\n" + `{"text":"unicode blanks"}`,
}

// fuzzSplitLines splits data as ReadJSONL counts lines: at '\n', with a
// last line only if the data does not end with one.
func fuzzSplitLines(data []byte) []string {
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func FuzzReadJSONL(f *testing.F) {
	for _, s := range fuzzJSONLSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, small bool) {
		const name = "feed.jsonl"
		opts := Options{}
		max := 1 << 20
		if small {
			// A small bound lets the fuzzer reach the oversized-line path
			// without megabyte inputs.
			max = 40
			opts.MaxLineBytes = max
		}
		type result struct {
			a   Article
			err error
		}
		var got []result
		err := ReadJSONL(bytes.NewReader(data), name, opts, func(a Article, err error) {
			got = append(got, result{a, err})
		})
		if err != nil {
			t.Fatalf("ReadJSONL over a bytes.Reader failed: %v", err)
		}
		// Each line that is not blank gives exactly one result, in order,
		// so that no article is lost and each failure points at its line.
		var want []int
		long := map[int]bool{}
		for i, line := range fuzzSplitLines(data) {
			content := strings.TrimRight(line, "\r")
			tooLong := len(line) > max
			if tooLong || strings.TrimSpace(content) != "" {
				want = append(want, i+1)
			}
			long[i+1] = tooLong
		}
		if len(got) != len(want) {
			t.Fatalf("%d results for %d non-blank lines %v", len(got), len(want), want)
		}
		for k, r := range got {
			line := want[k]
			source := name + "#" + strconv.Itoa(line)
			if r.err != nil {
				var re *Error
				if !errors.As(r.err, &re) {
					t.Errorf("line %d: error %v is not an *Error", line, r.err)
				} else if re.Source != source {
					t.Errorf("line %d: error names %q, want %q", line, re.Source, source)
				}
				if r.a.Source == "" {
					t.Errorf("line %d: failed article with no Source", line)
				}
				if long[line] != errors.Is(r.err, ErrTooLarge) {
					t.Errorf("line %d of %d bytes (limit %d): error %v", line, len(fuzzSplitLines(data)[line-1]), max, r.err)
				}
				continue
			}
			if long[line] {
				t.Errorf("line %d is over %d bytes but was read", line, max)
			}
			// The line's own "source" wins, else FILE#LINE (CONTRACT.md).
			var own struct{ Source string }
			json.Unmarshal([]byte(fuzzSplitLines(data)[line-1]), &own)
			if want := cmp.Or(own.Source, source); r.a.Source != want {
				t.Errorf("line %d: Source %q, want %q", line, r.a.Source, want)
			}
			fuzzCheckArticle(t, r.a, "jsonl")
			if r.a.Title != "" && !strings.HasPrefix(strings.TrimSpace(r.a.Text), r.a.Title) {
				t.Errorf("line %d: text %q does not open with the title %q", line, r.a.Text, r.a.Title)
			}
		}
	})
}
