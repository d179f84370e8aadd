// Package dedup decides which articles are copies of articles already
// seen. Its state lives in a key-value Store (the index's metadata, so it
// is written atomically with the articles it describes) plus the entries
// of the current run not yet written there.
//
//	d := dedup.New(ix, dedup.Options{})
//	v, err := d.Add(id, text)
//	if v.DupOf != "" { ... } // a copy of the article with that ID
//	batch.SetMeta = v.Meta   // persist with the article
//
// An *Index is not safe for concurrent use: one pipeline stage owns it.
package dedup
