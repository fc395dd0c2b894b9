// Package record defines the enriched record newsenrich publishes: the
// output half of the interface in CONTRACT.md. Field names are the JSON
// names users and dashboards rely on; all offsets are Unicode code-point
// offsets into the article text as received, end exclusive.
package record

// SchemaVersion is the version of the record layout, carried in every
// record and in the schema_version header of every output message.
const SchemaVersion = "1"

// Record is one enriched article.
type Record struct {
	SchemaVersion string     `json:"schema_version"`
	ID            string     `json:"id"`
	URL           string     `json:"url,omitempty"`
	PublishedAt   string     `json:"published_at,omitempty"`
	Language      Language   `json:"language"`
	Title         string     `json:"title"`
	Sections      []Section  `json:"sections"`
	Topics        []Topic    `json:"topics"`
	Entities      []Entity   `json:"entities"`
	Dateline      Dateline   `json:"dateline"`
	Source        Source     `json:"source"`
	Temporal      []Temporal `json:"temporal"`
	Stats         Stats      `json:"stats"`
}

// Language is the detected language of the article.
type Language struct {
	Code       string  `json:"code"` // ISO 639-1, "und" when unknown
	Confidence float64 `json:"confidence"`
}

// Section kinds.
const (
	KindTitle   = "title"
	KindLead    = "lead"
	KindBody    = "body"
	KindSource  = "source"
	KindTags    = "tags"
	KindRelated = "related"
	KindTicker  = "ticker"
	KindOther   = "other"
)

// IsStory reports whether a section kind is part of the story itself
// (title, lead or body) rather than page debris.
func IsStory(kind string) bool {
	return kind == KindTitle || kind == KindLead || kind == KindBody
}

// Section is a span of the text with its role on the page.
type Section struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Topic is an IPTC Media Topic with its score.
type Topic struct {
	Code  string  `json:"code"` // medtop:NNNNNNNN
	Label string  `json:"label"`
	Score float64 `json:"score"`
}

// Entity types.
const (
	PER = "PER"
	ORG = "ORG"
	LOC = "LOC"
)

// Entity is one distinct named entity of the article with all its mentions.
type Entity struct {
	Text      string    `json:"text"`
	Type      string    `json:"type"`
	Canonical string    `json:"canonical"`
	Wikidata  string    `json:"wikidata"`
	Count     int       `json:"count"`
	InBody    bool      `json:"in_body"`
	Mentions  []Mention `json:"mentions"`
}

// Mention is one occurrence of an entity.
type Mention struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

// Dateline is the place, date, agency and reporter printed at the head of
// the story. Empty strings when absent.
type Dateline struct {
	Place          string `json:"place"`
	PlaceCanonical string `json:"place_canonical"`
	Date           string `json:"date"`
	Agency         string `json:"agency"`
	AgencyText     string `json:"agency_text"`
	Reporter       string `json:"reporter"`
}

// Source is the outlet credited by the article.
type Source struct {
	Outlet string `json:"outlet"`
}

// Temporal anchors.
const (
	AnchorPublished = "published_at"
	AnchorMessage   = "message_timestamp"
	AnchorNone      = "none"
)

// Temporal is a time expression with its TIMEX3 type and value.
type Temporal struct {
	Text    string `json:"text"`
	Type    string `json:"type"` // DATE, TIME, DURATION, SET
	Value   string `json:"value"`
	Anchor  string `json:"anchor"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Section string `json:"section"`
}

// Stats are basic measurements of the text.
type Stats struct {
	Chars     int `json:"chars"`
	Words     int `json:"words"`
	Sentences int `json:"sentences"`
}
