package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/ingest-news/ingest/dedup"
	"github.com/ingest-news/ingest/extract"
	"github.com/ingest-news/ingest/index"
	"github.com/ingest-news/ingest/pipeline"
	"github.com/ingest-news/ingest/reader"
)

func (e *env) indexCommand() *cli.Command {
	return &cli.Command{
		Name:      "index",
		Usage:     "read articles, deduplicate, extract and add them to the index",
		ArgsUsage: "PATH...",
		Flags: []cli.Flag{
			indexFlag(),
			&cli.IntFlag{Name: "workers", Usage: "extraction workers (default: number of CPUs)"},
			&cli.StringFlag{Name: "date-default", Usage: "published date `YYYY-MM-DD` for articles that give none"},
			&cli.StringFlag{Name: "date", Usage: "published date `YYYY-MM-DD` for every article, overriding the input"},
			&cli.StringFlag{Name: "errors", Usage: "write failures to `FILE` as JSON Lines"},
			&cli.IntFlag{Name: "batch-size", Usage: "articles per index batch", Value: pipeline.DefaultBatchSize},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the run to `FILE` (go tool pprof)"},
			&cli.StringFlag{Name: "heap-profiles", Usage: "write a heap profile into `DIR` each time the live heap passes its previous peak by 5% (go tool pprof; the last one shows what held memory at the peak)"},
			&cli.IntFlag{Name: "max-article-bytes", Usage: "refuse (and report) an article or JSON Lines line larger than `N` bytes, so that one huge input cannot exhaust memory", Value: 1 << 20},
			&cli.IntFlag{Name: "memory-limit", Usage: "soft limit in `MiB` on the memory the Go runtime holds: near it the collector runs more often and returns freed memory to the system at once (0: no limit; the GOMEMLIMIT variable, when set, takes precedence)", Value: defaultMemoryLimitMiB},
			&cli.Float64Flag{Name: "dup-threshold", Usage: "similarity (0-1] at which two articles are one report: the larger of shingle Jaccard and containment", Value: 0.6},
		},
		Action: e.runIndex,
	}
}

// defaultMemoryLimitMiB is the default --memory-limit. Without a limit
// the heap, which is about 120 MB live while indexing, grew to 430 MB
// between collections on 50,000 generated articles. The limit plus the
// file pages a run maps (bursts of up to 120-140 MB while the metadata
// store commits) is the resident set: on 1 GB of generated articles the
// high-water mark was 444,344 kB at 300 MiB and 383,028 kB at 232 MiB,
// in 33m01s and 33m05s. The live heap peaked at 192 MB in the second
// run; when it came closer to the limit (217 MB, before the pipeline
// kept its canonicals by hash), the collector took 28% of the CPU
// instead of 12%, and the run 48m45s (doc/performance.md).
const defaultMemoryLimitMiB = 232

func (e *env) runIndex(c *cli.Context) error {
	paths := c.Args().Slice()
	if len(paths) == 0 {
		return usageError("index: name at least one PATH (a file, a directory or - for JSON Lines on stdin)")
	}
	if p := c.String("cpuprofile"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if dir := c.String("heap-profiles"); dir != "" {
		w, err := watchHeap(dir)
		if err != nil {
			return usageError("index: --heap-profiles: %v", err)
		}
		defer func() {
			if err := w.Stop(); err != nil {
				fmt.Fprintf(e.stderr, "ingest: --heap-profiles: %v\n", err)
			}
		}()
	}
	for _, f := range []string{"date", "date-default"} {
		if d := c.String(f); d != "" && reader.ParseDate(d) != d {
			return usageError("index: --%s %q: want YYYY-MM-DD", f, d)
		}
	}
	if mb := c.Int("memory-limit"); mb < 0 {
		return usageError("index: --memory-limit %d: want a number of MiB, or 0 for none", mb)
	} else if mb > 0 && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(mb) << 20))
	}
	if th := c.Float64("dup-threshold"); th <= 0 || th > 1 {
		return usageError("index: --dup-threshold %v: want a number in (0, 1]", th)
	}
	var errFile *os.File
	if p := c.String("errors"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			return usageError("index: --errors: %v", err)
		}
		defer f.Close()
		errFile = f
	}
	x, err := extract.Compile(extract.Options{})
	if err != nil {
		return cli.Exit(err, exitUsage)
	}
	ix, err := index.Open(c.String("index"), index.Options{})
	if err != nil {
		return cli.Exit(err, exitUsage)
	}

	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish())
	}
	enc := json.NewEncoder(errFile)
	opts := pipeline.Options{
		Workers:     c.Int("workers"),
		BatchSize:   c.Int("batch-size"),
		Date:        c.String("date"),
		DateDefault: c.String("date-default"),
		Extractor:   x,
		Dedup:       dedup.Options{Threshold: c.Float64("dup-threshold")},
		Reader:      reader.Options{MaxArticleBytes: c.Int("max-article-bytes")},
		Stdin:       e.stdin,
		Now:         e.now,
		OnFailure: func(f pipeline.Failure) {
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintf(e.stderr, "ingest: %s: %s\n", f.Source, f.Reason)
			if errFile != nil {
				enc.Encode(f)
			}
		},
	}
	if bar != nil {
		opts.OnProgress = func(pipeline.Summary) { bar.Add(1) }
	}
	sum, runErr := pipeline.Run(c.Context, paths, ix, opts)
	if bar != nil {
		bar.Finish()
	}
	closeErr := ix.Close()
	fmt.Fprintf(e.stderr, "ingest: %s\n", sum)
	switch {
	case closeErr != nil:
		return cli.Exit(closeErr, exitUsage)
	case errors.Is(runErr, c.Context.Err()) && runErr != nil:
		return cli.Exit("interrupted: what was read so far is indexed; run the same command again to finish", exitFailed)
	case errors.Is(runErr, dedup.ErrOldState):
		return cli.Exit(fmt.Sprintf("%s: %v", c.String("index"), runErr), exitUsage)
	case runErr != nil:
		return cli.Exit(runErr, exitUsage)
	case sum.Failed > 0 && sum.Failed == sum.Read:
		return cli.Exit(fmt.Sprintf("no article could be read (%d failed)", sum.Failed), exitUsage)
	case sum.Failed > 0:
		return cli.Exit(fmt.Sprintf("%d of %d inputs failed", sum.Failed, sum.Read), exitFailed)
	}
	return nil
}
