package reader

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped are elements whose content is never article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Noscript: true, atom.Template: true,
	atom.Form: true, atom.Iframe: true, atom.Svg: true, atom.Button: true,
	atom.Select: true, atom.Head: true,
}

// block elements end a paragraph of text.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Br: true,
	atom.Article: true, atom.Section: true, atom.Main: true, atom.Table: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Figcaption: true,
	atom.Dd: true, atom.Dt: true, atom.Hr: true, atom.Body: true,
}

// parseHTML reads the article text of an HTML page: the body without
// navigation and boilerplate elements, the title from the first <h1> or
// else <title>, and the date from article:published_time or JSON-LD.
func parseHTML(source, s string) (Article, error) {
	a := Article{Source: source, Format: "html"}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return a, err
	}
	var (
		paras     []string
		cur       strings.Builder
		h1, title string
	)
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	// inBody: under <body>; collect: article text, not boilerplate.
	var walk func(n *html.Node, inBody, collect bool)
	walk = func(n *html.Node, inBody, collect bool) {
		switch n.Type {
		case html.TextNode:
			if collect {
				cur.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = collapse(textOf(n))
				}
			case atom.Meta:
				a.metaDate(n)
			case atom.Script:
				if attr(n, "type") == "application/ld+json" {
					a.jsonLDDate(textOf(n))
				}
			case atom.H1:
				if h1 == "" && inBody {
					h1 = collapse(textOf(n))
				}
			case atom.Body:
				inBody, collect = true, true
			}
			if skipped[n.DataAtom] {
				// Still walked: <head> and <header> hold the title and the date.
				collect = false
			}
			if block[n.DataAtom] {
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody, collect)
		}
	}
	walk(root, false, false)
	flush()
	a.Title = h1
	if a.Title == "" {
		a.Title = title
	}
	if len(paras) == 0 {
		return a, ErrEmpty
	}
	if a.Title != "" && paras[0] != a.Title {
		paras = append([]string{a.Title}, paras...)
	}
	a.Text = strings.Join(paras, "\n\n")
	return a, nil
}

func (a *Article) metaDate(n *html.Node) {
	if a.PublishedFrom != "" {
		return
	}
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	switch strings.ToLower(key) {
	case "article:published_time", "datepublished", "date", "pubdate":
		if d := ParseDate(attr(n, "content")); d != "" {
			a.Published, a.PublishedFrom = d, FromMeta
		}
	}
}

// jsonLDDate takes datePublished from a JSON-LD block: an object, an
// array of objects, or an @graph of them.
func (a *Article) jsonLDDate(s string) {
	if a.PublishedFrom == FromMeta {
		return
	}
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return
	}
	var find func(v any) string
	find = func(v any) string {
		switch v := v.(type) {
		case map[string]any:
			if s, ok := v["datePublished"].(string); ok {
				if d := ParseDate(s); d != "" {
					return d
				}
			}
			if g, ok := v["@graph"]; ok {
				return find(g)
			}
		case []any:
			for _, e := range v {
				if d := find(e); d != "" {
					return d
				}
			}
		}
		return ""
	}
	if d := find(v); d != "" {
		a.Published, a.PublishedFrom = d, FromJSONLD
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
