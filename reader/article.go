package reader

import (
	"errors"
	"fmt"
)

// Article is one article as read from its input, before normalisation.
type Article struct {
	// Source names where the article came from, as the user named it:
	// "news/a.txt", or "feed.jsonl#12" for a line of a JSON Lines file.
	Source string
	Title  string
	// Text is the article's text, title included.
	Text string
	// Published is the article's own date as YYYY-MM-DD, or empty when the
	// input gives none; PublishedFrom says where it was found.
	Published     string
	PublishedFrom string
	URL           string
	// ExternalID is the "id" a JSON Lines record carried, if any.
	ExternalID string
	// Format is "text", "html" or "jsonl".
	Format string
}

// Where an article's date was found.
const (
	FromHeader   = "header"   // a "date YYYY-MM-DD" first line in plain text
	FromMeta     = "meta"     // HTML article:published_time and similar
	FromJSONLD   = "json-ld"  // HTML JSON-LD datePublished
	FromJSONL    = "jsonl"    // a JSON Lines "published" field
	FromFlag     = "flag"     // --date, overriding the input
	FromDefault  = "default"  // --date-default, for inputs that give none
	FromDateline = "dateline" // "DHAKA, June 2 (Reuters) -"
)

// Error is a failure to read one input or one record of it.
type Error struct {
	Source string
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %v", e.Source, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Sentinel reasons, testable with errors.Is.
var (
	ErrBinary   = errors.New("not text")
	ErrEmpty    = errors.New("empty: no article text")
	ErrTooLarge = errors.New("too large")
	ErrEncoding = errors.New("unknown or invalid text encoding")
)
