package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/newsenrich/newsenrich/nlp/ner"
)

// dictClasses reads the dictionary classes of the Latin model (see
// ner.ReadDictionary) from the word lists en (English, proper nouns
// capitalised: Debian's wamerican-large, /usr/share/dict/american-english-large)
// and other (comma separated lists of other languages' common words:
// Debian's wfrench, /usr/share/dict/french); either may be empty.
func dictClasses(en, other string) (map[string]uint8, error) {
	classes := map[string]uint8{}
	read := func(path string, isOther bool) error {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("ner: dictionary (Debian wamerican-large: apt-get download wamerican-large && dpkg-deb -x wamerican-large_*.deb DIR, then --dict DIR/usr/share/dict/american-english-large; --dict none trains without): %w", err)
		}
		defer f.Close()
		n, err := ner.ReadDictionary(f, classes, isOther)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Fprintf(os.Stderr, "latin: %d words read from %s\n", n, path)
		return nil
	}
	if en != "" {
		if err := read(en, false); err != nil {
			return nil, err
		}
	}
	for _, p := range strings.Split(other, ",") {
		if p == "" {
			continue
		}
		if err := read(p, true); err != nil {
			return nil, err
		}
	}
	return classes, nil
}

// keepDictClasses deletes from classes the words whose class the model
// file need not keep: for keep "proper", the words the English list
// holds in lower case only (with no other language's class), for
// "common" the ones it holds capitalised only; "all" keeps every word.
func keepDictClasses(classes map[string]uint8, keep string) error {
	var drop uint8
	switch keep {
	case "all":
		return nil
	case "proper":
		drop = ner.DictCommon
	case "common":
		drop = ner.DictProper
	default:
		return fmt.Errorf("ner: --dict-keep %q: all, proper or common", keep)
	}
	for w, c := range classes {
		if c == drop {
			delete(classes, w)
		}
	}
	return nil
}

// frenchDict reads the French word list path (common words only, as
// Debian's wfrench) into dictionary classes, compacted with the French
// inflections (see ner.CompactDictionaryFor).
func frenchDict(path string) (map[string]uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ner: French dictionary (Debian wfrench: apt-get download wfrench && dpkg-deb -x wfrench_*.deb DIR, then --dict-fr DIR/usr/share/dict/french): %w", err)
	}
	defer f.Close()
	classes := map[string]uint8{}
	n, err := ner.ReadDictionary(f, classes, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(os.Stderr, "latin: %d words read from %s\n", n, path)
	ner.CompactDictionaryFor(classes, "fr")
	return classes, nil
}
