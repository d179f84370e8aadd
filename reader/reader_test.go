package reader

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
