package index

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ingest-news/ingest/extract"
)

// Document kinds, in the Kind field.
const (
	KindArticle = "article"
	KindFailure = "failure"
)

// Field names of the mapping. Entity fields hold canonical names, one
// field per type (entityFields). Entity and Place are written no more:
// indexing every name twice or three times cost a third of the time of
// writing an article's fields, and entity: and place: filters search the
// typed fields instead (search.go). They stay in the mapping so that
// indexes written before, whose articles have them, keep their schema and
// open without a rebuild.
const (
	FieldKind          = "kind"
	FieldSource        = "source"
	FieldTitle         = "title"
	FieldText          = "text"
	FieldPublished     = "published"
	FieldPublishedFrom = "published_from"
	FieldURL           = "url"
	FieldExternalID    = "external_id"
	FieldPerson        = "person"
	FieldOrg           = "org"
	FieldGPE           = "gpe"
	FieldLoc           = "loc"
	FieldNORP          = "norp"
	FieldEntity        = "entity"
	FieldPlace         = "place"
	FieldEventDate     = "event_date"
	// FieldQtyMag holds the decimal magnitudes the article's figures
	// span (figure.go): the candidates of a figure filter.
	FieldQtyMag    = "qty_mag"
	FieldUnit      = "unit"
	FieldDuplicate = "duplicate"
	FieldDupOf     = "dup_of"
	FieldBytes     = "bytes"
	FieldRecord    = "record"
	FieldReason    = "reason"
	FieldStage     = "stage"
	FieldMonth     = "month" // published YYYY-MM, for facets
	// FieldFigure holds each quantity as "min|max|unit" in doc values,
	// so that a figure filter with several conditions can require one
	// figure to meet them all.
	FieldFigure = "figure"
	// FieldFacet holds the article's facet terms (facets.go).
	FieldFacet = "facet"
)

// entityFields gives the field of each entity type's names.
var entityFields = map[string]string{
	extract.Person: FieldPerson, extract.Org: FieldOrg, extract.GPE: FieldGPE,
	extract.Loc: FieldLoc, extract.NORP: FieldNORP,
}

// unionFields are the typed fields that the filters of the fields no
// longer written search instead, in a fixed order.
var unionFields = map[string][]string{
	FieldEntity: {FieldPerson, FieldOrg, FieldGPE, FieldLoc, FieldNORP},
	FieldPlace:  {FieldGPE, FieldLoc},
}

// Mapping is the index's explicit schema. Nothing is mapped dynamically:
// a field not listed here is neither indexed nor stored.
func Mapping() mapping.IndexMapping { return schema(false) }

// schema is Mapping, with doc values on the title and text when
// textDocValues, as indexes were built before: this build reads them the
// same, and they need not be rebuilt.
func schema(textDocValues bool) mapping.IndexMapping {
	// The text begins with the title (package reader sees to it), so
	// the text field is the default field of searches, and no composite
	// _all field indexes every word a second time.
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = true
		f.IncludeTermVectors = true // for highlighting
		// Nothing sorts or facets on the text: its doc values would
		// list every word of every article again (6% of the index).
		f.DocValues = textDocValues
		f.IncludeInAll = false
		return f
	}
	// Keywords have no doc values unless bleve reads them for a facet
	// or a sort: they would be built and merged for nothing. Facets on
	// entities and months come from FieldFacet (facets.go).
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	// valuesOnly fields are read from doc values, never searched by the
	// user: no term vectors (which phrase queries on keywords need).
	valuesOnly := func() *mapping.FieldMapping {
		f := kw(false)
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}
	date := func(store bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = store // search sorts on the publication date
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	boolean := func() *mapping.FieldMapping {
		f := bleve.NewBooleanFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	article := bleve.NewDocumentStaticMapping()
	add := func(dm *mapping.DocumentMapping, name string, f *mapping.FieldMapping) {
		dm.AddFieldMappingsAt(name, f)
	}
	add(article, FieldKind, kw(false))
	add(article, FieldSource, kw(true))
	add(article, FieldTitle, text())
	add(article, FieldText, text())
	add(article, FieldPublished, date(true))
	add(article, FieldPublishedFrom, kw(true))
	add(article, FieldURL, kw(true))
	add(article, FieldExternalID, kw(true))
	for _, f := range []string{FieldPerson, FieldOrg, FieldGPE, FieldLoc, FieldNORP, FieldEntity, FieldPlace, FieldUnit} {
		add(article, f, kw(false))
	}
	add(article, FieldEventDate, date(false))
	qtyMag := kw(false)
	qtyMag.IncludeTermVectors = false
	add(article, FieldQtyMag, qtyMag)
	add(article, FieldFigure, valuesOnly())
	add(article, FieldDuplicate, boolean())
	dupOf := kw(true)
	dupOf.DocValues = true // `ingest dupes` facets on it
	add(article, FieldDupOf, dupOf)
	// The text's size is kept with the article, never searched.
	bytes := bleve.NewNumericFieldMapping()
	bytes.Index = false
	bytes.DocValues = false
	bytes.IncludeInAll = false
	add(article, FieldBytes, bytes)
	add(article, FieldRecord, storedOnly())
	add(article, FieldMonth, kw(false))
	add(article, FieldFacet, valuesOnly())

	failure := bleve.NewDocumentStaticMapping()
	add(failure, FieldKind, kw(false))
	add(failure, FieldSource, kw(true))
	add(failure, FieldStage, kw(true))
	add(failure, FieldReason, storedOnly())

	im := bleve.NewIndexMapping()
	im.TypeField = FieldKind
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultField = FieldText
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.AddDocumentMapping(KindArticle, article)
	im.AddDocumentMapping(KindFailure, failure)
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}

// ErrSchema reports an index written with another schema than this
// build's Mapping: its fields would not answer the filters as documented.
var ErrSchema = errors.New("the index was built with another schema (an older or newer ingest)")

// checkSchema compares the mapping stored in the index with Mapping and
// the earlier schema this build reads the same.
func (ix *Index) checkSchema() error {
	have, err := json.Marshal(ix.b.Mapping())
	if err != nil {
		return err
	}
	for _, textDocValues := range []bool{false, true} {
		want, err := json.Marshal(schema(textDocValues))
		if err != nil {
			return err
		}
		if bytes.Equal(have, want) {
			return nil
		}
	}
	return ErrSchema
}
