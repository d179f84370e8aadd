package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// heapWatch writes a heap profile into a directory each time the live
// heap (what the last collection found reachable) passes its previous
// peak by a twentieth, so that what held memory at the run's peak can be
// read afterwards with go tool pprof. It reads runtime/metrics, which
// does not stop the program, every 20 ms.
type heapWatch struct {
	dir  string
	stop chan struct{}
	done sync.WaitGroup
	err  error // the first profile that could not be written
	n    int   // profiles written
}

// watchHeap starts watching; stop ends it.
func watchHeap(dir string) (*heapWatch, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	w := &heapWatch{dir: dir, stop: make(chan struct{})}
	w.done.Add(1)
	go w.run()
	return w, nil
}

func (w *heapWatch) run() {
	defer w.done.Done()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var peak uint64
	for stopped := false; !stopped; {
		// One last look when stopped, so that a run shorter than a tick
		// still leaves a profile.
		select {
		case <-w.stop:
			stopped = true
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := sample[0].Value.Uint64()
		if live == 0 || live <= peak+peak/20 {
			continue
		}
		peak = live
		if err := w.write(live); err != nil && w.err == nil {
			w.err = err
		}
	}
}

func (w *heapWatch) write(live uint64) error {
	w.n++
	name := filepath.Join(w.dir, fmt.Sprintf("heap-%03d-%dMB.pb.gz", w.n, live>>20))
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return f.Close()
}

// Stop ends the watch and returns the first error writing a profile.
func (w *heapWatch) Stop() error {
	close(w.stop)
	w.done.Wait()
	return w.err
}
