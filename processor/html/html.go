// Package html is the stage that turns a web page into article text: it
// extracts the main content with its paragraph structure, dropping
// navigation, related links, comments and footers, and reads the page
// metadata (title, publication time, author, site name, tags).
//
// Extraction uses github.com/markusmobius/go-trafilatura. Paragraphs are
// read from its content node, one per line with a blank line between
// them, because its text form runs paragraphs together.
package html

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	xhtml "golang.org/x/net/html"

	"github.com/newsenrich/newsenrich/nlp/normalize"
	"github.com/newsenrich/newsenrich/processor"
)

// Page is what the extractor found in a web page.
type Page struct {
	// Text is the main content, one paragraph, heading or list item per
	// line, paragraphs separated by a blank line. The title, when known,
	// is its first line.
	Text        string
	Title       string
	PublishedAt time.Time
	Author      string
	Site        string
	Tags        []string
}

// Extract reads the main content and metadata of a web page. pageURL may
// be empty.
func Extract(page, pageURL string) (Page, error) {
	opts := trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  true,
		Deduplicate:     true,
	}
	if u, err := url.Parse(pageURL); err == nil && pageURL != "" {
		opts.OriginalURL = u
	}
	res, err := trafilatura.Extract(strings.NewReader(page), opts)
	if err != nil {
		return Page{}, fmt.Errorf("extract main content: %w", err)
	}
	p := Page{
		Title:       strings.TrimSpace(res.Metadata.Title),
		PublishedAt: res.Metadata.Date,
		Author:      strings.TrimSpace(res.Metadata.Author),
		Site:        strings.TrimSpace(res.Metadata.Sitename),
		Tags:        res.Metadata.Tags,
	}
	if t, ok := metaTime(page); ok {
		p.PublishedAt = t // full precision; the date extractor keeps days only
	}
	var paras []string
	if utf8.RuneCountInString(res.ContentText) < minContent {
		// Below this size trafilatura falls back to a baseline that
		// repeats and glues paragraphs: read the page's blocks instead.
		paras = pageParagraphs(page)
	} else if res.ContentNode != nil {
		paras = paragraphs(res.ContentNode)
	} else if t := strings.TrimSpace(res.ContentText); t != "" {
		paras = strings.Split(t, "\n")
	}
	if p.Title != "" && (len(paras) == 0 || normalize.Fold(paras[0]) != normalize.Fold(p.Title)) {
		paras = append([]string{p.Title}, paras...)
	}
	p.Text = strings.Join(paras, "\n\n")
	return p, nil
}

// minContent is trafilatura's default minimum extracted size in runes.
const minContent = 250

// skipped are the elements whose text is never article text when a page is
// read without trafilatura.
var skipped = map[string]bool{
	"nav": true, "footer": true, "aside": true, "form": true, "button": true,
	"select": true, "iframe": true, "svg": true, "script": true,
	"style": true, "noscript": true, "template": true, "head": true,
}

// pageParagraphs reads the blocks of a whole page, without navigation,
// asides, footers and forms, dropping repeated blocks.
func pageParagraphs(page string) []string {
	doc, err := xhtml.Parse(strings.NewReader(page))
	if err != nil {
		return nil
	}
	var prune func(*xhtml.Node)
	prune = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == xhtml.CommentNode || c.Type == xhtml.ElementNode && skipped[c.Data] {
				n.RemoveChild(c)
			} else {
				prune(c)
			}
			c = next
		}
	}
	prune(doc)
	seen := map[string]bool{}
	var out []string
	for _, p := range paragraphs(doc) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// blocks are the elements that make a line of their own.
var blocks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"li": true, "dd": true, "dt": true, "blockquote": true, "pre": true,
	"tr": true, "table": true, "ul": true, "ol": true, "dl": true,
	"figure": true, "figcaption": true, "header": true, "footer": true,
	"summary": true, "details": true, "head": true, "list": true,
	"item": true, "quote": true, "body": true, "html": true,
}

// paragraphs returns the text of the block elements under n, white space
// collapsed, one string per block; <br> breaks a block into lines.
func paragraphs(n *xhtml.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		switch n.Type {
		case xhtml.TextNode:
			cur.WriteString(n.Data)
			return
		case xhtml.ElementNode:
			switch n.Data {
			case "br", "hr", "lb":
				flush()
				return
			case "script", "style", "noscript", "template":
				return
			}
		}
		block := n.Type == xhtml.ElementNode && blocks[n.Data]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		} else if n.Type == xhtml.ElementNode && (n.Data == "td" || n.Data == "th") {
			cur.WriteString(" ")
		}
	}
	walk(n)
	flush()
	return out
}

// Stage extracts article text from Input.HTML.
type Stage struct{}

// New returns the html stage.
func New() *Stage { return &Stage{} }

// Name returns "html".
func (*Stage) Name() string { return "html" }

// Process extracts the page when the input carries HTML. The extracted text
// becomes the document text unless the input also carried text; the page
// metadata fills the record fields the input left empty (title,
// published_at, source outlet from the site name, dateline reporter from
// the author).
func (*Stage) Process(ctx context.Context, doc *processor.Document) error {
	if strings.TrimSpace(doc.Input.HTML) == "" {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	page, err := Extract(doc.Input.HTML, doc.Input.URL)
	if err != nil {
		return err
	}
	if strings.TrimSpace(doc.Input.Text) == "" {
		doc.SetText(page.Text)
	}
	if doc.Record.Title == "" {
		doc.Record.Title = page.Title
	}
	if doc.Input.Title == "" {
		doc.Input.Title = page.Title
	}
	if doc.Input.PublishedAt.IsZero() && !page.PublishedAt.IsZero() {
		doc.Input.PublishedAt = page.PublishedAt
		doc.Record.PublishedAt = page.PublishedAt.Format(time.RFC3339)
	}
	if doc.Record.Source.Outlet == "" {
		doc.Record.Source.Outlet = page.Site
	}
	if doc.Record.Dateline.Reporter == "" {
		doc.Record.Dateline.Reporter = page.Author
	}
	return nil
}

// timeMeta are the meta names and properties that carry the publication
// time.
var timeMeta = map[string]bool{
	"article:published_time": true, "og:published_time": true,
	"datepublished": true, "pubdate": true, "publishdate": true,
	"dc.date.issued": true, "dcterms.created": true, "sailthru.date": true,
}

// metaTime returns the publication time from the page's meta tags when one
// carries a full RFC 3339 timestamp.
func metaTime(page string) (time.Time, bool) {
	z := xhtml.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return time.Time{}, false
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return time.Time{}, false
			}
			if string(name) != "meta" || !hasAttr {
				continue
			}
			var key, content string
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "name", "property", "itemprop":
					key = strings.ToLower(string(v))
				case "content":
					content = string(v)
				}
				if !more {
					break
				}
			}
			if timeMeta[key] {
				if t, err := time.Parse(time.RFC3339, strings.TrimSpace(content)); err == nil {
					return t, true
				}
			}
		}
	}
}
