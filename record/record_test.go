package record

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestIsStory(t *testing.T) {
	for kind, want := range map[string]bool{
		KindTitle: true, KindLead: true, KindBody: true,
		KindSource: false, KindTags: false, KindRelated: false, KindTicker: false, KindOther: false, "": false,
	} {
		if got := IsStory(kind); got != want {
			t.Errorf("IsStory(%q) = %v, want %v", kind, got, want)
		}
	}
}

// TestJSONNames pins the field names of the contract: renaming one breaks
// users and dashboards.
func TestJSONNames(t *testing.T) {
	b, err := json.Marshal(Record{Entities: []Entity{{Mentions: []Mention{{}}}}, Temporal: []Temporal{{}}, Topics: []Topic{{}}, Sections: []Section{{}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{
		`"schema_version"`, `"id"`, `"language"`, `"code"`, `"confidence"`, `"title"`, `"sections"`, `"kind"`, `"start"`, `"end"`,
		`"topics"`, `"label"`, `"score"`, `"entities"`, `"text"`, `"type"`, `"canonical"`, `"wikidata"`, `"count"`, `"in_body"`,
		`"mentions"`, `"section"`, `"dateline"`, `"place"`, `"place_canonical"`, `"date"`, `"agency"`, `"agency_text"`, `"reporter"`,
		`"source"`, `"outlet"`, `"temporal"`, `"value"`, `"anchor"`,
	} {
		if !strings.Contains(string(b), name+":") {
			t.Errorf("record JSON lacks %s: %s", name, b)
		}
	}
}
