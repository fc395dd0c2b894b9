// Package samples bundles the sample articles the demo publishes: the
// Arabic sample page of the project and short English and French articles
// written for it, as plain text and JSON. The same files are kept in
// testdata/articles for tests and tools that read files.
package samples

import (
	"embed"
	"io/fs"
)

//go:embed articles
var files embed.FS

// FS returns the sample articles, one per file: .txt files are plain text,
// .json files one JSON article object.
func FS() fs.FS {
	sub, err := fs.Sub(files, "articles")
	if err != nil { // cannot happen: the directory is embedded
		return files
	}
	return sub
}
