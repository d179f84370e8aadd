// Package metakey names the records about one article in an index's
// metadata store. The pipeline, dedup and the index each keep a record
// per article there (where it was read from; its date, length and
// cluster; where its text is), and an article's ingest writes all of
// them in one commit. Named with Article, an article's records are
// neighbours in key order, so the store's B-tree changes one page for
// them rather than one page each: keys by article ID fall at random
// over the whole tree, and at a million records each changed page is
// read, copied and written back.
//
//	key := metakey.Article(id, "text") // "art/<id>/text"
package metakey
