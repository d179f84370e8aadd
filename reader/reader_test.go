package reader

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	_ "github.com/ingest-news/ingest/internal/golden"
)

func TestParseTextHeaderAndTitle(t *testing.T) {
	a, err := Parse("x.txt", Text, []byte(" date 2026-03-03 Regional officials warn\n\n[ISLAMABAD] Body text.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Published != "2026-03-03" || a.PublishedFrom != FromHeader {
		t.Errorf("published %q from %q", a.Published, a.PublishedFrom)
	}
	if a.Title != "Regional officials warn" || !strings.HasPrefix(a.Text, "Regional officials warn\n") {
		t.Errorf("title %q, text %q", a.Title, a.Text)
	}
	a, _ = Parse("y.txt", Text, []byte("A first paragraph that is a sentence, not a headline.\nMore.\n"))
	if a.Title != "" {
		t.Errorf("sentence taken as title: %q", a.Title)
	}
	a, _ = Parse("z.txt", Text, []byte("date 2026-13-45 not a date\n"))
	if a.Published != "" || !strings.HasPrefix(a.Text, "date 2026-13-45") {
		t.Errorf("invalid date header accepted: %+v", a)
	}
}

func TestParseHTML(t *testing.T) {
	page := `<!doctype html><html><head><title>Site name | Story</title>
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2025-11-20T08:00:00+05:00"}]}</script>
<style>p{color:red}</style></head>
<body><header><h1>Big headline</h1><nav><a>Home</a></nav></header>
<article><p>First <b>paragraph</b> here.</p><script>var x = "not text";</script><p>Second &amp; last.</p></article>
<aside>Related stories</aside><footer>Scroll to Top</footer></body></html>`
	a, err := Parse("p.html", HTML, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Big headline" || a.Published != "2025-11-20" || a.PublishedFrom != FromJSONLD {
		t.Errorf("title %q published %q from %q", a.Title, a.Published, a.PublishedFrom)
	}
	want := "Big headline\n\nFirst paragraph here.\n\nSecond & last."
	if a.Text != want {
		t.Errorf("text %q, want %q", a.Text, want)
	}
	if _, err := Parse("e.html", HTML, []byte("<html><head><title>Nothing</title></head></html>")); !errors.Is(err, ErrEmpty) {
		t.Errorf("HTML with no body: err %v, want ErrEmpty", err)
	}
}

func TestDecode(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "Kabul – Дushanbe" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
		err  error
	}{
		{"utf8", []byte("Kabul – Dushanbe"), "Kabul – Dushanbe", nil},
		{"utf8 bom", []byte("\xEF\xBB\xBFKabul"), "Kabul", nil},
		{"utf16 bom", utf16, "Kabul – Дushanbe", nil},
		{"latin1", []byte("Caf\xe9 in Z\xfcrich"), "Café in Zürich", nil},
		{"cp1252 quotes", []byte("\x93quoted\x94"), "\u201cquoted\u201d", nil},
		{"nul", []byte("text\x00more"), "", ErrBinary},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", ErrBinary},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00"), "", ErrBinary},
		{"broken utf8", []byte("Caf\xc3\xa9 and \xc3 broken"), "", ErrEncoding},
	} {
		got, err := decode(tc.in)
		if !errors.Is(err, tc.err) || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"id": 7, "title": "T", "text": "Body.", "published": "2026-01-02T03:04:05Z", "url": "https://x"}

{"text": "Own source.", "source": "wire/77"}
{broken
{"title": "no text"}
{"text": "Bad date.", "published": "yesterday"}
{"text": "` + strings.Repeat("x", 300) + `"}
`
	var got []string
	err := ReadJSONL(strings.NewReader(in), "feed.jsonl", Options{MaxArticleBytes: 200}, func(a Article, err error) {
		if err != nil {
			got = append(got, "ERR "+err.Error())
			return
		}
		got = append(got, a.Source+" "+a.Title+" "+a.Published+" "+a.ExternalID+" "+a.Text)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"feed.jsonl#1 T 2026-01-02 7 T\n\nBody.",
		"wire/77    Own source.",
		"ERR feed.jsonl#4: malformed JSON: invalid character 'b' looking for beginning of object key string",
		`ERR feed.jsonl#5: record has no "text" field`,
		`ERR feed.jsonl#6: published "yesterday" is not a date`,
		"ERR feed.jsonl#7: too large: line is over 200 bytes",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	mk := func(p string) {
		p = filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	mk("b/2.txt")
	mk("a.html")
	mk("b/1")
	mk(".hidden/x.txt")
	mk("c.pdf")
	os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "dangling.txt"))
	os.Symlink(dir, filepath.Join(dir, "b", "loop"))
	var got []string
	err := Walk([]string{dir, filepath.Join(dir, "nope.txt")}, func(f File, err error) error {
		rel := strings.TrimPrefix(f.Source, dir+"/")
		switch {
		case errors.Is(err, ErrDanglingLink):
			got = append(got, rel+" dangling")
		case errors.Is(err, ErrLinkLoop):
			got = append(got, rel+" loop")
		case errors.Is(err, ErrUnsupported):
			got = append(got, rel+" unsupported")
		case err != nil:
			got = append(got, filepath.Base(rel)+" error")
		default:
			got = append(got, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "a.html|b/1|b/2.txt|b/loop loop|c.pdf unsupported|dangling.txt dangling|nope.txt error"
	if strings.Join(got, "|") != want {
		t.Errorf("walk order:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

func TestReadFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.txt")
	os.WriteFile(p, []byte(strings.Repeat("word ", 1000)), 0o644)
	var gotErr error
	ReadFile(File{Path: p, Source: "big.txt"}, Options{MaxArticleBytes: 100}, func(_ Article, err error) { gotErr = err })
	if !errors.Is(gotErr, ErrTooLarge) || !strings.HasPrefix(gotErr.Error(), "big.txt: ") {
		t.Errorf("err %v, want ErrTooLarge naming big.txt", gotErr)
	}
}

func TestNormalize(t *testing.T) {
	a := Normalize(Article{Text: "Cafe\u0301 line\r\nnext\r\n  \n", Title: " T "})
	if a.Text != "Café line\nnext" || a.Title != "T" {
		t.Errorf("%q %q", a.Text, a.Title)
	}
	if ContentID("x") == ContentID("y") || len(ContentID("x")) != 20 {
		t.Error("ContentID")
	}
}

// TestBadInputs covers the inputs a batch meets in the wild, each read
// with the default limits.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := make([]byte, 50<<20)
	for i := range big {
		big[i] = "news text "[i%10]
	}
	longLine := `{"text": "` + strings.Repeat("y", 1536<<10) + `"}` + "\n" + `{"text": "after the long line"}` + "\n"
	cases := []struct {
		name string
		data []byte
		want error // nil: read fine
	}{
		{"empty.txt", nil, ErrEmpty},
		{"big.txt", big, ErrTooLarge},
		{"nul.txt", []byte("some text\x00with a NUL"), ErrBinary},
		{"page.html", []byte("<html><head><title>t</title></head></html>"), ErrEmpty},
		{"utf16.txt", []byte{0xFE, 0xFF, 0, 'H', 0, 'i'}, nil},
	}
	for _, c := range cases {
		p := write(c.name, c.data)
		var got []error
		ReadFile(File{Path: p, Source: c.name}, Options{}, func(_ Article, err error) { got = append(got, err) })
		if len(got) != 1 || !errors.Is(got[0], c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		if c.want != nil && !strings.HasPrefix(got[0].Error(), c.name+": ") {
			t.Errorf("%s: error %q does not name the input", c.name, got[0])
		}
	}
	p := write("feed.jsonl", []byte(longLine))
	var got []string
	ReadFile(File{Path: p, Source: "feed.jsonl"}, Options{}, func(a Article, err error) {
		if err != nil {
			got = append(got, err.Error())
		} else {
			got = append(got, a.Text)
		}
	})
	if len(got) != 2 || !strings.HasPrefix(got[0], "feed.jsonl#1: too large") || got[1] != "after the long line" {
		t.Errorf("JSON Lines with a 1.5 MB line: %.200q", got)
	}
}

// TestLatin1BBC reads the one BBC article with a Latin-1 byte.
func TestLatin1BBC(t *testing.T) {
	p := filepath.Join("..", "..", "shared", "data", "bbc-news", "bbc", "sport", "199.txt")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("BBC corpus absent (%s)", p)
	}
	var a Article
	var err error
	ReadFile(File{Path: p, Source: "199.txt"}, Options{}, func(got Article, e error) { a, err = got, e })
	if err != nil || !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, utf8.RuneError) {
		t.Errorf("sport/199.txt: %v, valid UTF-8 %v", err, utf8.ValidString(a.Text))
	}
}

// TestWalkManyFiles walks a directory of 100,000 small files.
func TestWalkManyFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 100,000 files")
	}
	dir := t.TempDir()
	for i := 0; i < 100_000; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("d%02d", i%100))
		if i < 100 {
			os.Mkdir(sub, 0o755)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%06d.txt", i)), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	last := ""
	err := Walk([]string{dir}, func(f File, err error) error {
		if err != nil {
			return err
		}
		if f.Source <= last {
			t.Fatalf("out of order: %s after %s", f.Source, last)
		}
		last = f.Source
		n++
		return nil
	})
	if err != nil || n != 100_000 {
		t.Fatalf("walked %d files, err %v", n, err)
	}
}
