package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Document kinds, in the Kind field.
const (
	KindArticle = "article"
	KindFailure = "failure"
	// KindFigure is one quantity of an article, a document of its own so
	// that a filter on a figure's value and its unit applies to the same
	// figure.
	KindFigure = "figure"
)

// Field names of the mapping. Entity fields hold canonical names, one
// field per type, plus Entity with all of them and Place with GPE and
// LOC together, so that filters need no disjunctions.
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
	FieldQtyLow        = "qty_low"
	FieldQtyHigh       = "qty_high"
	FieldUnit          = "unit"
	FieldDuplicate     = "duplicate"
	FieldDupOf         = "dup_of"
	FieldBytes         = "bytes"
	FieldRecord        = "record"
	FieldReason        = "reason"
	FieldStage         = "stage"
	FieldMonth         = "month"   // published YYYY-MM, for facets
	FieldArticle       = "article" // a figure's article ID
	FieldSubject       = "subject" // a figure's subject
	FieldMin           = "fmin"    // a figure's smallest stated value
	FieldMax           = "fmax"    // a figure's largest stated value
)

// Mapping is the index's explicit schema. Nothing is mapped dynamically:
// a field not listed here is neither indexed nor stored.
func Mapping() mapping.IndexMapping {
	text := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = true
		f.IncludeTermVectors = true // for highlighting
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = true // facets and sorting
		return f
	}
	num := func() *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		return f
	}
	date := func(store bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = store
		f.IncludeInAll = false
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
	add(article, FieldQtyLow, num())
	add(article, FieldQtyHigh, num())
	add(article, FieldDuplicate, boolean())
	add(article, FieldDupOf, kw(true))
	bytes := num()
	bytes.Store = true
	add(article, FieldBytes, bytes)
	add(article, FieldRecord, storedOnly())
	add(article, FieldMonth, kw(false))

	figure := bleve.NewDocumentStaticMapping()
	add(figure, FieldKind, kw(false))
	add(figure, FieldArticle, kw(true))
	add(figure, FieldUnit, kw(true))
	add(figure, FieldSubject, kw(true))
	fnum := func() *mapping.FieldMapping { f := num(); f.Store = true; return f }
	add(figure, FieldMin, fnum())
	add(figure, FieldMax, fnum())
	add(figure, FieldDuplicate, boolean())

	failure := bleve.NewDocumentStaticMapping()
	add(failure, FieldKind, kw(false))
	add(failure, FieldSource, kw(true))
	add(failure, FieldStage, kw(true))
	add(failure, FieldReason, storedOnly())

	im := bleve.NewIndexMapping()
	im.TypeField = FieldKind
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.AddDocumentMapping(KindArticle, article)
	im.AddDocumentMapping(KindFailure, failure)
	im.AddDocumentMapping(KindFigure, figure)
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im
}
