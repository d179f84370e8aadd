// Command trainner trains the entity tagger's model (extract.Tagger) on
// CoNLL-2003 English data and writes the compact model file that package
// extract embeds:
//
//	go run ./cmd/trainner -train ../shared/data/conll2003/eng.train -out extract/model/ner.bin
//
// Flags:
//
//	-train PATH   CoNLL-2003 training file (required)
//	-out PATH     model file to write (required); written to a temporary
//	              name and renamed, so a failed run leaves the old model
//	-iter N       training iterations (default 0: the library's default, 10)
//	-holdout N    keep the last N documents out of training and report
//	              their scores as training goes: for tuning only, never for
//	              the shipped model (default 0)
//	-stages N     passes of the tagger (default 0: the library's default, 2)
//	-seed N       seed of the sentence order (default 1)
//	-prune X      drop averaged weights under X in magnitude (default 0:
//	              the library's default, 0.02)
//
// The same flags and input give the same file byte for byte.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ingest-news/ingest/extract"
)

func main() {
	train := flag.String("train", "", "CoNLL-2003 training file")
	out := flag.String("out", "", "model file to write")
	iter := flag.Int("iter", 0, "training iterations (0: default)")
	holdout := flag.Int("holdout", 0, "documents held out for tuning")
	stages := flag.Int("stages", 0, "passes of the tagger (0: default)")
	seed := flag.Uint64("seed", 1, "seed of the sentence order")
	prune := flag.Float64("prune", 0, "drop weights under this magnitude (0: default)")
	flag.Parse()
	if *train == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "trainner: -train and -out are required")
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*train, *out, extract.NERTrainOptions{
		Iterations: *iter, HoldOut: *holdout, Seed: *seed, Prune: *prune, Stages: *stages, Log: os.Stderr,
	}); err != nil {
		fmt.Fprintln(os.Stderr, "trainner:", err)
		os.Exit(1)
	}
}

func run(train, out string, opts extract.NERTrainOptions) error {
	began := time.Now()
	f, err := os.Open(train)
	if err != nil {
		return err
	}
	defer f.Close()
	model, err := extract.TrainNER(f, opts)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".ner-*.tmp")
	if err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if _, err := tmp.Write(model); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %d bytes in %.1fs\n", out, len(model), time.Since(began).Seconds())
	return nil
}
