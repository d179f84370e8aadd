package metakey

import (
	"sort"
	"strings"
	"testing"
)

// An article's records sort together, whatever the parts and the other
// articles' IDs: this is what the layout is for.
func TestArticleRecordsAreAdjacent(t *testing.T) {
	ids := []string{"0a1b2c3d4e5f60718293", "0a1b2c3d4e5f60718293-1f2e3d4c", "ff00", "0a"}
	parts := []string{"doc", "dedup/info", "dedup/of", "dedup/members", "text"}
	var keys []string
	for _, id := range ids {
		for _, p := range parts {
			keys = append(keys, Article(id, p))
		}
	}
	sort.Strings(keys)
	for _, id := range ids {
		first, last := -1, -1
		for i, k := range keys {
			if strings.HasPrefix(k, Prefix+id+"/") {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if last-first+1 != len(parts) {
			t.Errorf("records of %q at %d..%d in %q, not adjacent", id, first, last, keys)
		}
	}
}
