// Package index stores articles and their extractions in a bleve index
// with an explicit mapping, and answers searches over it.
//
// One process writes an index at a time (Open takes an exclusive lock
// beside the index directory and fails at once when another process holds
// it); readers open it read-only. A new index is built under a temporary
// name and renamed into place when the first run closes it, so a killed
// first run never leaves a half-built index at the user's path.
//
//	ix, err := index.Open("ingest.bleve", index.Options{})
//	err = ix.Apply(index.Batch{Put: docs})
//	err = ix.Close()
//
// An *Index is safe for concurrent use; the pipeline still lets one
// goroutine own writes so that batches stay large.
package index
