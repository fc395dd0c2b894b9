// Package schema holds the JSON Schemas (draft 2020-12) of newsenrich's
// messages — input.schema.json for raw articles in JSON form and
// record.schema.json for enriched records — and validates values against
// them.
package schema

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed input.schema.json
var inputSchema []byte

//go:embed record.schema.json
var recordSchema []byte

// Input returns the JSON Schema of a raw article in JSON form.
func Input() []byte { return bytes.Clone(inputSchema) }

// Record returns the JSON Schema of an enriched record.
func Record() []byte { return bytes.Clone(recordSchema) }

// Validator checks JSON values against the schemas.
type Validator struct {
	input, record *jsonschema.Schema
}

// New compiles the schemas.
func New() (*Validator, error) {
	input, err := compile("input.schema.json", inputSchema)
	if err != nil {
		return nil, err
	}
	record, err := compile("record.schema.json", recordSchema)
	if err != nil {
		return nil, err
	}
	return &Validator{input: input, record: record}, nil
}

func compile(name string, doc []byte) (*jsonschema.Schema, error) {
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	url := "https://newsenrich.example/schema/" + name
	if err := c.AddResource(url, parsed); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return s, nil
}

// ValidateInput checks a JSON article against input.schema.json.
func (v *Validator) ValidateInput(value []byte) error { return validate(v.input, value) }

// ValidateRecord checks an enriched record against record.schema.json.
func (v *Validator) ValidateRecord(value []byte) error { return validate(v.record, value) }

func validate(s *jsonschema.Schema, value []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(value))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return s.Validate(doc)
}
