// Package pipeline runs ingestion as staged goroutines joined by bounded
// channels: read -> normalise -> dedup -> extract -> index.
//
//	sum, err := pipeline.Run(ctx, []string{"news"}, ix, pipeline.Options{Workers: 4})
//
// It owns every goroutine and channel of the program. Reading,
// normalising and deduplicating run one goroutine each (dedup decides in
// input order, so its verdicts are deterministic); extraction runs on
// Workers goroutines, each over groups of articles (Options.GroupSize,
// extract.Extractor.ExtractGroup); one goroutine fills batches and
// another, which owns the index, writes them in order while the next
// one fills. Once the last article is read, groups shrink to each
// worker's share of what is left and a batch goes to the writer whenever
// it is idle, so that the run does not end on one worker's group or on a
// batch written after all extraction is done.
// Workers == 1 runs everything on the caller's goroutine. A bad article
// is recorded as a Failure and the run goes on; only cancellation and
// index-write errors stop it, and on cancellation the articles already
// extracted are flushed to the index first.
package pipeline
