package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nerToken is one token of the entity tagger, placed in the text by byte
// offsets: text[start:end] == the token.
type nerToken struct {
	start, end int
}

// nerTokenize splits text into tokens and sentences the way CoNLL-2003
// tokenises news: punctuation apart, hyphenated words, numbers with
// separators and dotted abbreviations ("U.S.") whole, possessive 's split
// off, dashes apart. sents holds the index one past each sentence's last
// token. abbrev says whether a word ending in a period keeps it ("Mr.",
// "Corp."); it sees the word with its period.
//
// Text already tokenised with single spaces (as the CoNLL scorer feeds it)
// comes back token for token, which is what makes training on CoNLL tokens
// and tagging raw text the same problem.
func nerTokenize(text string, abbrev func(string) bool) (toks []nerToken, sents []int) {
	breakSent := func() {
		if n := len(toks); n > 0 && (len(sents) == 0 || sents[len(sents)-1] != n) {
			sents = append(sents, n)
		}
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			breakSent()
			i += size
		case unicode.IsSpace(r):
			i += size
		case (r == '+' || r == '-' || r == '.') && nerSignedNumber(text, i):
			// A sign or leading point belongs to its number ("+44", ".500").
			end := nerWordEnd(text, i+1)
			toks = append(toks, nerToken{i, end})
			i = end
		case nerWordRune(r):
			end := nerWordEnd(text, i)
			// A possessive 's (or ’s) is its own token, as in CoNLL.
			if p := nerPossessive(text, i, end); p > i {
				toks = append(toks, nerToken{i, p}, nerToken{p, end})
				i = end
				continue
			}
			if end < len(text) && text[end] == '.' && !strings.HasPrefix(text[end:], "..") &&
				nerKeepsPeriod(text[i:end+1], abbrev) {
				end++
			}
			toks = append(toks, nerToken{i, end})
			i = end
		case r == '\'' || r == '’':
			// A clitic standing alone ("Clinton 's" in CoNLL text).
			if end := nerClitic(text, i+size); end > 0 {
				toks = append(toks, nerToken{i, end})
				i = end
				continue
			}
			toks = append(toks, nerToken{i, i + size})
			i += size
		default:
			// Runs of one punctuation character ("...", "--", "''") are one
			// token; dashes and everything else stand alone.
			end := i + size
			if r < utf8.RuneSelf && r != '(' && r != ')' && r != '[' && r != ']' {
				for end < len(text) && rune(text[end]) == r {
					end++
				}
			}
			toks = append(toks, nerToken{i, end})
			i = end
			if r == '.' || r == '!' || r == '?' {
				nerEndAfterClosers(text, &i, &toks)
				breakSent()
			}
		}
	}
	breakSent()
	return toks, sents
}

// nerEndAfterClosers takes closing quotes and brackets that follow sentence
// punctuation into the sentence they close.
func nerEndAfterClosers(text string, i *int, toks *[]nerToken) {
	for *i < len(text) {
		r, size := utf8.DecodeRuneInString(text[*i:])
		if r != '"' && r != '’' && r != '”' && r != ')' && r != ']' && r != '\'' {
			return
		}
		if r == '\'' || r == '’' {
			if nerClitic(text, *i+size) > 0 {
				return
			}
		}
		*toks = append(*toks, nerToken{*i, *i + size})
		*i += size
	}
}

// nerWordRune reports whether r starts or continues a word.
func nerWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// nerWordEnd returns the end of the word starting at i: letters, digits and
// marks, joined by '-', '.', '&', '/', '_' and apostrophes when a word
// character follows, and by ',' and ':' only between digits ("5,000").
func nerWordEnd(text string, i int) int {
	end := i
	prevDigit := false
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if nerWordRune(r) {
			prevDigit = unicode.IsDigit(r)
			end += size
			continue
		}
		if end == i {
			break
		}
		if r == '$' && end-i <= 3 && strings.ToUpper(text[i:end]) == text[i:end] && !prevDigit {
			// Currencies written with a country prefix: "C$", "US$".
			return end + size
		}
		next, nsize := utf8.DecodeRuneInString(text[end+size:])
		if r == '.' && next == '-' {
			// "U.S.-led": a dotted abbreviation hyphenated to a word.
			if after, asize := utf8.DecodeRuneInString(text[end+2:]); asize > 0 && nerWordRune(after) {
				end += 2
				continue
			}
		}
		if nsize == 0 || !nerWordRune(next) {
			break
		}
		switch r {
		case '-', '.', '&', '/', '_', '\'', '’', '\u2011':
		case ',', ':':
			if !prevDigit || !unicode.IsDigit(next) {
				return end
			}
		default:
			return end
		}
		end += size
	}
	return end
}

// nerSignedNumber reports whether the sign or point at text[i] starts a
// number: a digit follows and nothing but space or an opening bracket
// precedes.
func nerSignedNumber(text string, i int) bool {
	if i+1 >= len(text) || text[i+1] < '0' || text[i+1] > '9' {
		return false
	}
	if i == 0 {
		return true
	}
	p := text[i-1]
	return p == ' ' || p == '\n' || p == '\t' || p == '('
}

// nerPossessive returns where a trailing 's or ’s starts in text[i:end], or
// i when the word has none.
func nerPossessive(text string, i, end int) int {
	w := text[i:end]
	for _, suf := range nerPossessives {
		if len(w) > len(suf) && strings.HasSuffix(w, suf) {
			return end - len(suf)
		}
	}
	return i
}

// nerPossessives are the endings nerPossessive takes off, as constants:
// joining apostrophe and letter for each word was 4% of the tagger's
// time.
var nerPossessives = [...]string{"'s", "'S", "’s", "’S"}

// nerClitic returns the end of a clitic ('s 're 've 'll 'd 'm 't) whose
// letters start at j, just after an apostrophe, or 0 when there is none.
func nerClitic(text string, j int) int {
	k := j
	for k < len(text) && k-j < 3 && (text[k]|0x20) >= 'a' && (text[k]|0x20) <= 'z' {
		k++
	}
	if k == j {
		return 0
	}
	if k < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[k:]); nerWordRune(r) {
			return 0
		}
	}
	switch strings.ToLower(text[j:k]) {
	case "s", "re", "ve", "ll", "d", "m", "t":
		return k
	}
	return 0
}

// nerKeepsPeriod says whether w, a word with its trailing period, is an
// abbreviation: dotted initials ("U.S.", "J."), or one abbrev knows.
func nerKeepsPeriod(w string, abbrev func(string) bool) bool {
	core := w[:len(w)-1]
	initials := true
	for _, part := range strings.Split(core, ".") {
		if utf8.RuneCountInString(part) != 1 {
			initials = false
			break
		}
		if r, _ := utf8.DecodeRuneInString(part); !unicode.IsLetter(r) {
			initials = false
			break
		}
	}
	if initials {
		return true
	}
	return abbrev != nil && abbrev(w)
}
