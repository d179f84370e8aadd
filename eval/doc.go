// Package eval scores the extractors against gold sets: the seeds' hand
// annotations and, when present, the third-party corpora in ../shared/data
// (CoNLL-2003, TempEval-3, Recognizers-Text specs). Every function is
// synchronous and reads its inputs once; results are plain values.
package eval
