package dedup

import (
	"strings"
	"unicode"

	"github.com/cespare/xxhash/v2"
)

// Store is where dedup state persists between runs.
type Store interface {
	Meta(key string) ([]byte, error)
}

// Options configure an Index. The zero value is ready.
type Options struct{}

// Index remembers a fingerprint of every canonical article.
type Index struct {
	store   Store
	pending map[string]string // fingerprint key -> canonical ID, this run
}

// New returns an Index over a store.
func New(store Store, opts Options) *Index {
	return &Index{store: store, pending: map[string]string{}}
}

// Verdict is the outcome of adding one article.
type Verdict struct {
	// DupOf is the ID of the canonical article this one copies, or "".
	DupOf string
	// Meta is the state to persist with the article, in the same batch.
	Meta map[string][]byte
}

// Add checks an article against every one added before and records it.
func (x *Index) Add(id, text string) (Verdict, error) {
	key := "dedup/exact/" + Fingerprint(text)
	if of, ok := x.pending[key]; ok {
		return Verdict{DupOf: of}, nil
	}
	b, err := x.store.Meta(key)
	if err != nil {
		return Verdict{}, err
	}
	if b != nil {
		return Verdict{DupOf: string(b)}, nil
	}
	x.pending[key] = id
	return Verdict{Meta: map[string][]byte{key: []byte(id)}}, nil
}

// Fingerprint hashes what two copies of an article share whatever their
// case, punctuation and spacing: the sequence of its words, lowercased.
func Fingerprint(text string) string {
	h := xxhash.New()
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		h.WriteString(strings.ToLower(w))
		h.WriteString(" ")
	}
	var buf [16]byte
	const hex = "0123456789abcdef"
	sum := h.Sum64()
	for i := 15; i >= 0; i-- {
		buf[i] = hex[sum&15]
		sum >>= 4
	}
	return string(buf[:])
}
