// Package reader turns files and streams into articles: plain text, HTML
// and JSON Lines, with the encoding sniffed and decoded, and every input
// that cannot be read reported as an error naming it.
//
// Reading is synchronous; the pipeline package decides what runs in
// parallel:
//
//	err := reader.Walk([]string{"news"}, func(f reader.File, err error) error {
//		if err != nil {
//			return nil // already names the path and the reason
//		}
//		reader.ReadFile(f, reader.Options{}, func(a reader.Article, err error) { ... })
//		return nil
//	})
package reader
