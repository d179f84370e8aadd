package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ingest-news/ingest/index"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// binary builds the ingest command once, for tests that must run it as a
// separate process (to kill it, or to run two at once).
func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ingest-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "ingest")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

var (
	people = []string{"Andrey Belousov", "Sergei Shoigu", "Zabihullah Mujahid", "Anna Evstigneeva", "Vasily Nebenzya", "Emomali Rahmon"}
	places = []string{"Kabul", "Dushanbe", "Moscow", "Islamabad", "Bishkek", "Tashkent", "Kunduz", "Termez"}
	groups = []string{"the Collective Security Treaty Organization", "the Taliban", "the United Nations", "Interfax", "the State Department"}
	verbs  = []string{"warned", "said", "reported", "denied", "confirmed", "estimated"}
)

// writeCorpus writes n generated articles (every seventh a re-post of
// the one before with a changed figure and a footer) as .txt files.
func writeCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	prev := ""
	for i := 0; i < n; i++ {
		var b strings.Builder
		if i%7 == 6 && prev != "" {
			b.WriteString(strings.Replace(prev, "0 fighters", "5 fighters", 1) + "\n\nShare this article")
		} else {
			fmt.Fprintf(&b, "Report %d on security in %s\n\n", i, places[rng.IntN(len(places))])
			for s := 0; s < 12; s++ {
				fmt.Fprintf(&b, "%s %s on %s %d, 2025 that about %d fighters had crossed near %s, according to %s. ",
					people[rng.IntN(len(people))], verbs[rng.IntN(len(verbs))],
					[]string{"March", "April", "May"}[rng.IntN(3)], 1+rng.IntN(28),
					100*(1+rng.IntN(90)), places[rng.IntN(len(places))], groups[rng.IntN(len(groups))])
				if s%4 == 3 {
					b.WriteString("\n\n")
				}
			}
		}
		prev = b.String()
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(prev), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// state is what an index holds, in a comparable form: each article's
// source, cluster and extraction counts, and the stats.
func state(t *testing.T, ixPath string) string {
	t.Helper()
	ix, err := index.Open(ixPath, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("index does not open: %v", err)
	}
	defer ix.Close()
	st, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	clusters, err := ix.Clusters()
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(index.Query{All: true, Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, h := range res.Hits {
		a, err := ix.Get(h.ID)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s dup=%v e=%d q=%d d=%d", a.Source, a.DupOf != "",
			len(a.Extraction.Entities), len(a.Extraction.Quantities), len(a.Extraction.Dates)))
	}
	sort.Strings(lines)
	c, _ := json.Marshal(clusters)
	return fmt.Sprintf("%+v\n%s\n%s", st, c, strings.Join(lines, "\n"))
}

// TestKillAndResume kills `ingest index` with SIGKILL at several points,
// of a first run and of a run adding to an existing index, and checks
// that the index always opens and that re-running reaches the state of
// an uninterrupted run.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingest as a subprocess for several seconds")
	}
	bin := binary(t)
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	os.MkdirAll(first, 0o755)
	os.MkdirAll(second, 0o755)
	writeCorpus(t, first, 60)
	writeCorpus(t, second, 60) // same texts under other names: all duplicates or copies
	for i := 0; i < 30; i++ {  // and some distinct ones
		os.WriteFile(filepath.Join(second, fmt.Sprintf("b%04d.txt", i)), []byte(fmt.Sprintf("Other report %d from %s about %d tonnes of grain.\n", i, places[i%len(places)], 10*i)), 0o644)
	}
	runIndex := func(ix string, args ...string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(bin, append([]string{"index", "--index", ix, "--batch-size", "8", "--workers", "2"}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		cmd.Dir = dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &stderr
	}
	complete := func(ix string, args ...string) {
		cmd, stderr := runIndex(ix, args...)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("index %v: %v\n%s", args, err, stderr)
		}
	}
	want := filepath.Join(dir, "want.bleve")
	complete(want, "first")
	complete(want, "second")
	wantState := state(t, want)

	for k, delay := range []time.Duration{300 * time.Millisecond, 1500 * time.Millisecond, 3 * time.Second} {
		ix := filepath.Join(dir, fmt.Sprintf("k%d.bleve", k))
		// Killed during the first run: no index, or a complete one.
		cmd, _ := runIndex(ix, "first")
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(ix); err == nil {
			state(t, ix) // opens
		}
		complete(ix, "first")
		// Killed while adding to an existing index.
		cmd, _ = runIndex(ix, "second")
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		state(t, ix)
		complete(ix, "second")
		if got := state(t, ix); got != wantState {
			t.Errorf("killed after %v: final state differs from an uninterrupted run's:\n%s", delay, diffLines(wantState, got))
		}
	}
}

func diffLines(a, b string) string {
	am := map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		am[l] = true
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if !am[l] {
			out = append(out, "+ "+l)
		}
	}
	bm := map[string]bool{}
	for _, l := range strings.Split(b, "\n") {
		bm[l] = true
	}
	for _, l := range strings.Split(a, "\n") {
		if !bm[l] {
			out = append(out, "- "+l)
		}
	}
	return strings.Join(out, "\n")
}

// TestInterruptFlushes sends SIGINT mid-run: the run stops with status 1,
// prints its summary, and what was done is in an index that opens; a
// re-run finishes the job.
func TestInterruptFlushes(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingest as a subprocess")
	}
	bin := binary(t)
	dir := t.TempDir()
	writeCorpus(t, dir, 80)
	ix := filepath.Join(t.TempDir(), "ix")
	cmd := exec.Command(bin, "index", "--index", ix, "--batch-size", "4", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	err := cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code == 0 {
		t.Skipf("the run finished before the interrupt (%v); machine too fast for this corpus", err)
	}
	if code != 1 || !strings.Contains(stderr.String(), "interrupted") || !strings.Contains(stderr.String(), "ingest: read ") {
		t.Fatalf("status %d, stderr:\n%s", code, stderr.String())
	}
	s := state(t, ix)
	if !strings.Contains(s, "Articles:") {
		t.Fatal(s)
	}
	out, err := exec.Command(bin, "index", "--index", ix, dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "unchanged") {
		t.Fatalf("re-run: %v\n%s", err, out)
	}
}

// TestSecondWriterFailsAtOnce runs two `ingest index` on one index: the
// second reports that the index is in use, and does not wait.
func TestSecondWriterFailsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingest as a subprocess")
	}
	bin := binary(t)
	dir := t.TempDir()
	writeCorpus(t, dir, 600)
	ix := filepath.Join(t.TempDir(), "ix")
	first := exec.Command(bin, "index", "--index", ix, dir)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { first.Wait(); close(done) }()
	defer func() { first.Process.Kill(); <-done }()
	time.Sleep(500 * time.Millisecond)
	for _, args := range [][]string{{"index", "--index", ix, dir}, {"search", "--index", ix, "Kabul"}} {
		start := time.Now()
		out, err := exec.Command(bin, args...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		select {
		case <-done:
			t.Skip("the first run finished before the second command could meet it")
		default:
		}
		if code != 2 || !strings.Contains(string(out), "in use by another process") {
			t.Errorf("%s while another run writes: status %d after %v\n%s", args[0], code, time.Since(start), out)
		}
	}
}

// TestCorruptIndex truncates the newest segment of an index: commands fail with a
// message that says how to rebuild, and rebuilding works.
func TestCorruptIndex(t *testing.T) {
	ix := seedsIndex(t)
	segs, _ := filepath.Glob(filepath.Join(ix, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment files to damage")
	}
	// The newest segment file belongs to the newest snapshot.
	if err := os.Truncate(segs[len(segs)-1], 100); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"search", "Taliban"}, {"stats"}, {"index", "seeds"}} {
		_, stderr, code := run(t, "", append([]string{args[0], "--index", ix}, args[1:]...)...)
		if code != 2 || !strings.Contains(stderr, "delete it and run `ingest index` again") {
			t.Errorf("%v on a damaged index: status %d\n%s", args, code, stderr)
		}
	}
	os.RemoveAll(ix)
	if _, stderr, code := run(t, "", "index", "--index", ix, "seeds"); code != 0 {
		t.Fatalf("rebuild: %d %s", code, stderr)
	}
}

// TestUnreadableFile indexes a directory holding a file its user may not
// read: the file is listed as failed with the reason, the rest indexed.
// As root (who reads anything) the binary runs as nobody via setpriv.
func TestUnreadableFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs ingest as a subprocess")
	}
	dir, err := os.MkdirTemp("", "ingest-unreadable")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o777)
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("Talks resumed in Kabul on Monday."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "locked.txt"), []byte("Kept from us."), 0o000); err != nil {
		t.Fatal(err)
	}
	bin := binary(t)
	args := []string{"index", "--index", filepath.Join(dir, "ix"), filepath.Join(dir, "ok.txt"), filepath.Join(dir, "locked.txt")}
	var cmd *exec.Cmd
	if os.Getuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Skip("running as root, and no setpriv to drop privileges: root can read any file")
		}
		own := filepath.Join(dir, "ingest")
		data, err := os.ReadFile(bin)
		if err != nil || os.WriteFile(own, data, 0o755) != nil {
			t.Fatal("copying the binary where nobody can run it:", err)
		}
		cmd = exec.Command(setpriv, append([]string{"--reuid=65534", "--regid=65534", "--clear-groups", own}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 1 || !strings.Contains(string(out), "locked.txt: permission denied") || !strings.Contains(string(out), "1 indexed, 0 duplicates, 1 failed") {
		t.Fatalf("status %d\n%s", code, out)
	}
}

// An index whose metadata is in the layout of earlier versions (an
// article's records each under a prefix of their own) is refused by
// index with a message to rebuild it, and what it holds stays as it was
// and searchable: a writer would not find those records, and would take
// a copy for new or misjudge which article of a cluster came first.
func TestOldLayoutRefused(t *testing.T) {
	ixPath := seedsIndex(t)
	ix, err := index.Open(ixPath, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = ix.Apply(index.Batch{SetMeta: map[string][]byte{"dedup/info/0a1b2c3d4e5f60718293": []byte("2026-02-13\t420")}})
	if cerr := ix.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	before := state(t, ixPath)
	// Articles already indexed from their sources are passed over
	// without dedup; a new one needs it.
	dir := t.TempDir()
	text := "Kabul talks resume\n\nDelegations met in Doha on Monday to resume talks on the border crossings closed since October.\n"
	if err := os.WriteFile(filepath.Join(dir, "new.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := run(t, "", "index", "--index", ixPath, "seeds", dir)
	if code != exitUsage || !strings.Contains(stderr, ixPath) || !strings.Contains(stderr, "older layout") || !strings.Contains(stderr, "run `ingest index` again") {
		t.Fatalf("index over the old layout: status %d, stderr:\n%s", code, stderr)
	}
	if after := state(t, ixPath); after != before {
		t.Errorf("the refused run changed the index:\n%s\nwant\n%s", after, before)
	}
	out, stderr, code := run(t, "", "search", "--index", ixPath, "--json", "Afghanistan")
	if code != 0 || !strings.Contains(out, `"total":5,`) {
		t.Fatalf("search of the old layout: status %d\n%s%s", code, out, stderr)
	}
}
