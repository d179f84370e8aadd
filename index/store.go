package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Batch is one atomic change to the index: articles and failures to put,
// documents to delete, and metadata (such as dedup state) to set or drop.
// Everything in a batch becomes visible, and durable, together.
type Batch struct {
	Put []Article
	// Repoint makes stored articles (by ID) duplicates of another
	// canonical (the value; "" makes one canonical again), when a new
	// article displaced their canonical.
	Repoint map[string]string
	Fail    []Failure
	// ClearFail drops the failure records of sources now read.
	ClearFail []string
	// Delete removes articles (with their figures) by ID.
	Delete     []string
	SetMeta    map[string][]byte
	DeleteMeta []string
}

// Len counts the changes in the batch.
func (b *Batch) Len() int {
	return len(b.Put) + len(b.Repoint) + len(b.Fail) + len(b.ClearFail) + len(b.Delete) + len(b.SetMeta) + len(b.DeleteMeta)
}

// Apply writes a batch. An index opened read-only refuses it.
func (ix *Index) Apply(b Batch) (err error) {
	if ix.readOnly {
		return fmt.Errorf("%s: index opened read-only", ix.path)
	}
	ix.applyMu.Lock()
	defer ix.applyMu.Unlock()
	defer func() {
		if err != nil {
			// What the writer learnt from this batch was not written.
			ix.facets, ix.people = nil, nil
		}
	}()
	bb := ix.b.NewBatch()
	put := map[string]bool{}
	facets := map[string][]byte{} // metadata of facet values new to the index
	for i := range b.Put {
		a := &b.Put[i]
		if of, ok := b.Repoint[a.ID]; ok {
			a.DupOf = of
		}
		put[a.ID] = true
		if err := ix.put(bb, a, facets); err != nil {
			return err
		}
	}
	for _, id := range sortedKeys(boolKeys(b.Repoint)) {
		if put[id] {
			continue
		}
		a, err := ix.Get(id)
		if errors.Is(err, ErrNoDoc) {
			continue // not written yet: it takes its canonical when it is
		}
		if err != nil {
			return fmt.Errorf("%s: repointing %s: %w", ix.path, id, err)
		}
		a.DupOf = b.Repoint[id]
		if err := ix.put(bb, &a, facets); err != nil {
			return err
		}
	}
	for _, f := range b.Fail {
		doc := map[string]any{FieldKind: KindFailure, FieldSource: f.Source, FieldStage: f.Stage, FieldReason: f.Reason}
		if err := bb.Index(FailureID(f.Source), doc); err != nil {
			return fmt.Errorf("%s: recording failure of %s: %w", ix.path, f.Source, err)
		}
	}
	for _, src := range b.ClearFail {
		bb.Delete(FailureID(src))
	}
	for _, id := range b.Delete {
		bb.Delete(id)
	}
	gen := ix.gen + 1
	set := make(map[string][]byte, len(b.SetMeta)+len(facets)+len(b.Put)+1)
	for k, v := range facets {
		set[k] = v
	}
	for k, v := range b.SetMeta {
		set[k] = v
	}
	textEnd, err := ix.texts.append(b.Put, set)
	if err != nil {
		return fmt.Errorf("%s: writing texts: %w", ix.path, err)
	}
	del := slices.Clip(b.DeleteMeta)
	for _, id := range b.Delete {
		del = append(del, textKey(id))
	}
	if err := ix.meta.commit(gen, set, del); err != nil {
		return fmt.Errorf("%s: writing metadata: %w", ix.path, err)
	}
	bb.SetInternal([]byte(generationKey), encodeGen(gen))
	if err := ix.b.Batch(bb); err != nil {
		ix.meta.rollback(gen - 1)
		return fmt.Errorf("%s: writing batch: %w", ix.path, err)
	}
	ix.gen = gen
	ix.texts.end.Store(textEnd)
	return nil
}

// put adds an article to a batch, and the names of its facet terms that
// the index does not hold yet to facets.
func (ix *Index) put(bb *bleve.Batch, a *Article, facets map[string][]byte) error {
	if ix.people == nil {
		if err := ix.loadPeople(); err != nil {
			return fmt.Errorf("%s: reading person names: %w", ix.path, err)
		}
	}
	ix.people.resolve(a.Extraction.Entities)
	if ix.facets == nil {
		if err := ix.loadFacetDict(); err != nil {
			return err
		}
	}
	fields, values := a.fields()
	var terms []string
	for letter, vs := range values {
		for _, v := range vs {
			terms = append(terms, ix.facets.term(letter, v, facets))
		}
	}
	sort.Strings(terms)
	if len(terms) > 0 {
		fields[FieldFacet] = terms
	}
	doc := document.NewDocument(a.ID)
	m := ix.b.Mapping()
	if err := m.MapDocument(doc, fields); err != nil {
		return fmt.Errorf("%s: indexing %s: %w", ix.path, a.Source, err)
	}
	// The mapping made the facet and figure fields; they are made again
	// with rawValues.
	kw := m.AnalyzerNamed(keyword.Name)
	for i, f := range doc.Fields {
		if n := f.Name(); n == FieldFacet || n == FieldFigure {
			doc.Fields[i] = document.NewTextFieldCustom(n, f.ArrayPositions(), f.Value(), rawValues, kw)
		}
	}
	if err := bb.IndexAdvanced(doc); err != nil {
		return fmt.Errorf("%s: indexing %s: %w", ix.path, a.Source, err)
	}
	return nil
}

// rawValues are the indexing options of the fields search reads for
// every match (facet terms, figures): their doc values are stored one
// document per chunk and uncompressed, as bleve stores geo points, so that
// reading them costs a slice instead of decompressing a chunk of 1,024
// documents and searching its header. Decompression was a third of a
// facet query on 100,000 articles.
const rawValues = bleveindex.IndexField | bleveindex.DocValues | bleveindex.SkipDVCompression | bleveindex.SkipDVChunking

// Meta reads a metadata value set by a batch; nil when absent. A nil
// value in Batch.SetMeta deletes the key.
func (ix *Index) Meta(key string) ([]byte, error) {
	if ix.meta == nil {
		return nil, nil
	}
	return ix.meta.get(key)
}

// MetaBatch reads many metadata values at once, nil for absent keys.
func (ix *Index) MetaBatch(keys []string) ([][]byte, error) {
	if ix.meta == nil {
		return make([][]byte, len(keys)), nil
	}
	return ix.meta.getMany(keys)
}

// MetaScan calls fn for every metadata key under prefix, in key order,
// with its value, which is valid only until fn returns.
func (ix *Index) MetaScan(prefix string, fn func(key string, val []byte) error) error {
	if ix.meta == nil {
		return nil
	}
	return ix.meta.scan(prefix, fn)
}

// MetaScanParts is MetaScan with each value given as a reader and its
// length, for callers that read parts of large values.
func (ix *Index) MetaScanParts(prefix string, fn func(key string, r io.ReaderAt, n int) error) error {
	if ix.meta == nil {
		return nil
	}
	return ix.meta.scanParts(prefix, fn)
}

func boolKeys(m map[string]string) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// Text reads the stored text of an article from the file of texts
// (texts.go), for dedup to verify a candidate.
func (ix *Index) Text(id string) (string, error) {
	if ix.texts == nil || ix.meta == nil {
		return "", fmt.Errorf("%s: the index keeps no file of texts (it was built by an earlier version); delete it and run `ingest index` again on the sources to rebuild it", ix.path)
	}
	loc, err := ix.meta.get(textKey(id))
	if err != nil {
		return "", err
	}
	if loc == nil {
		return "", fmt.Errorf("%s: %w", id, ErrNoDoc)
	}
	return ix.texts.read(loc)
}

// ErrNoDoc reports that no article has the given ID or source.
var ErrNoDoc = errors.New("no such article in the index")

// Get reads one stored article by ID.
func (ix *Index) Get(id string) (Article, error) {
	req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{id}))
	req.Fields = []string{FieldRecord, FieldText}
	res, err := ix.b.Search(req)
	if err != nil {
		return Article{}, err
	}
	if len(res.Hits) == 0 {
		return Article{}, fmt.Errorf("%s: %w", id, ErrNoDoc)
	}
	return decodeRecord(res.Hits[0].Fields)
}

// BySource finds the article stored under a source name.
func (ix *Index) BySource(source string) (Article, error) {
	q := bleve.NewConjunctionQuery(kindQuery(KindArticle), termQuery(FieldSource, source))
	req := bleve.NewSearchRequest(q)
	req.Fields = []string{FieldRecord, FieldText}
	req.SortBy([]string{"_id"})
	res, err := ix.b.Search(req)
	if err != nil {
		return Article{}, err
	}
	if len(res.Hits) == 0 {
		return Article{}, fmt.Errorf("%s: %w", source, ErrNoDoc)
	}
	return decodeRecord(res.Hits[0].Fields)
}

// decodeRecord reads an article back from its stored record and text.
func decodeRecord(fields map[string]any) (Article, error) {
	s, _ := fields[FieldRecord].(string)
	var a Article
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return a, fmt.Errorf("stored record: %w", err)
	}
	if a.Text == "" {
		a.Text, _ = fields[FieldText].(string)
	}
	return a, nil
}

// Stats are the index's counts, as `ingest stats` prints them.
type Stats struct {
	Articles   int `json:"articles"`
	Canonical  int `json:"canonical"`
	Duplicates int `json:"duplicates"`
	Failed     int `json:"failed"`
}

// Stats counts articles, duplicates and recorded failures.
func (ix *Index) Stats() (Stats, error) {
	count := func(q query.Query) (int, error) {
		req := bleve.NewSearchRequestOptions(q, 0, 0, false)
		res, err := ix.b.Search(req)
		if err != nil {
			return 0, err
		}
		return int(res.Total), nil
	}
	var s Stats
	var err error
	if s.Articles, err = count(kindQuery(KindArticle)); err != nil {
		return s, err
	}
	if s.Duplicates, err = count(bleve.NewConjunctionQuery(kindQuery(KindArticle), boolQuery(FieldDuplicate, true))); err != nil {
		return s, err
	}
	if s.Failed, err = count(kindQuery(KindFailure)); err != nil {
		return s, err
	}
	s.Canonical = s.Articles - s.Duplicates
	return s, nil
}

// Cluster is a canonical article and the sources of its duplicates.
type Cluster struct {
	Canonical  string   `json:"canonical"`
	Duplicates []string `json:"duplicates"`
}

// Clusters lists every canonical article that has duplicates, sorted by
// canonical source, duplicates sorted too.
func (ix *Index) Clusters() ([]Cluster, error) {
	dups, err := ix.all(bleve.NewConjunctionQuery(kindQuery(KindArticle), boolQuery(FieldDuplicate, true)), FieldSource, FieldDupOf)
	if err != nil {
		return nil, err
	}
	byCanon := map[string][]string{}
	for _, h := range dups {
		of, _ := h[FieldDupOf].(string)
		src, _ := h[FieldSource].(string)
		byCanon[of] = append(byCanon[of], src)
	}
	ids := make([]string, 0, len(byCanon))
	for id := range byCanon {
		ids = append(ids, id)
	}
	canon, err := ix.all(query.NewDocIDQuery(ids), FieldSource)
	if err != nil {
		return nil, err
	}
	srcOf := map[string]string{}
	for _, h := range canon {
		srcOf[h["_id"].(string)], _ = h[FieldSource].(string)
	}
	out := make([]Cluster, 0, len(byCanon))
	for id, srcs := range byCanon {
		sort.Strings(srcs)
		c := srcOf[id]
		if c == "" {
			c = id
		}
		out = append(out, Cluster{Canonical: c, Duplicates: srcs})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Canonical < out[j].Canonical })
	return out, nil
}

// Failures lists the recorded failures, sorted by source.
func (ix *Index) Failures() ([]Failure, error) {
	hits, err := ix.all(kindQuery(KindFailure), FieldSource, FieldStage, FieldReason)
	if err != nil {
		return nil, err
	}
	out := make([]Failure, 0, len(hits))
	for _, h := range hits {
		var f Failure
		f.Source, _ = h[FieldSource].(string)
		f.Stage, _ = h[FieldStage].(string)
		f.Reason, _ = h[FieldReason].(string)
		out = append(out, f)
	}
	return out, nil
}

// all pages through every hit of q, sorted by ID, returning the asked
// stored fields of each (and "_id").
func (ix *Index) all(q query.Query, fields ...string) ([]map[string]any, error) {
	// One request sized to the total: paging with From costs bleve the
	// skipped hits again on every page, quadratic over a large result.
	count, err := ix.b.Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return nil, err
	}
	if count.Total == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(q, int(count.Total), 0, false)
	req.Fields = fields
	req.SortBy([]string{"_id"})
	res, err := ix.b.Search(req)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(res.Hits))
	for _, h := range res.Hits {
		m := map[string]any{"_id": h.ID}
		for k, v := range h.Fields {
			m[k] = v
		}
		out = append(out, m)
	}
	return out, nil
}

func termQuery(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func kindQuery(kind string) query.Query { return termQuery(FieldKind, kind) }

func boolQuery(field string, v bool) query.Query {
	q := bleve.NewBoolFieldQuery(v)
	q.SetField(field)
	return q
}
