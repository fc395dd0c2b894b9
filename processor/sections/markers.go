package sections

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsenrich/newsenrich/nlp/normalize"
)

// marker is what a line's opening words say about its role.
type marker uint8

const (
	markNone          marker = iota
	markSource               // "المصدر: الراي", "Source: Reuters", "Reporting by"
	markTagsHeader           // "Tags" alone, items follow
	markTags                 // "كلمات دلالية: ...", "Tags: a, b"
	markRelatedHeader        // "إقرأ أيضاً:", "Related stories", a list follows
	markRelated              // "Read more: Another story"
	markOther                // share, subscribe, copyright, byline, publication time
)

// Marker phrases in matching form (see normalize.Fold), Arabic, English and
// French. A phrase matches at the start of a line, followed by the end of
// the line, a colon or dash, or (for phrases ending in a space) anything.
var (
	sourcePhrases = []string{
		"المصدر", "مصدر الخبر", "المصادر", "source", "sources",
		"avec afp", "avec reuters", "avec ap", "(avec afp)", "(avec reuters)",
		"reporting by ", "writing by ", "editing by ", "additional reporting ",
		"compiled by ", "with afp", "(with afp)", "afp contributed",
	}
	tagPhrases = []string{
		"كلمات دلاليه", "الكلمات الدلاليه", "كلمات مفتاحيه", "الكلمات المفتاحيه",
		"وسوم", "الوسوم", "الاوسمه", "tags", "tagged", "topics", "keywords",
		"mots-cles", "mots cles", "etiquettes", "themes", "sujets",
	}
	relatedPhrases = []string{
		"اقرا ايضا", "اقرا ايضاً", "اقرا المزيد", "اقرا كذلك", "اقرا", "مقالات مشابهه",
		"مقالات ذات صله", "مواضيع ذات صله", "اخبار ذات صله", "مواضيع متعلقه",
		"اخبار متعلقه", "ذات صله", "قد يهمك", "قد يهمك ايضا", "شاهد ايضا",
		"الاكثر قراءه", "الاكثر مشاهده", "المزيد من الاخبار", "اخر الاخبار",
		"read more", "read also", "also read", "related", "related articles",
		"related stories", "related news", "related coverage", "related content",
		"more stories", "more on this story", "more from", "you may also like",
		"you might also like", "recommended", "recommended stories", "see also",
		"most read", "most popular", "trending", "top stories", "latest news",
		"lire aussi", "a lire aussi", "lire egalement", "a lire egalement",
		"voir aussi", "a voir aussi", "sur le meme sujet", "articles similaires",
		"dans la meme rubrique", "les plus lus", "articles lies", "en lien",
		"nos articles", "a decouvrir", "lire la suite",
	}
	footerPhrases = []string{
		"©", "(c)", "copyright", "all rights reserved", "جميع الحقوق محفوظه",
		"حقوق النشر", "tous droits reserves", "droits reserves",
	}
	otherPhrases = []string{
		"شارك", "شاركها", "شارك الخبر", "شارك المقال", "مشاركه", "تابعونا",
		"تابعنا", "تابعوا", "اشترك", "اشترك الان", "حمل تطبيق", "جميع الحقوق محفوظه",
		"حقوق النشر", "اعلان", "نشر في", "تاريخ النشر", "اخر تحديث", "تم النشر",
		"نشر بتاريخ", "بقلم", "صوره", "الصوره", "تصوير", "مصدر الصوره", "فيديو",
		"share", "share this", "share this article", "share on", "tweet",
		"follow us", "subscribe", "sign up", "newsletter", "advertisement",
		"sponsored", "copyright", "©", "all rights reserved", "published",
		"updated", "last updated", "posted", "first published", "photo",
		"image", "image source", "image caption", "caption", "click here",
		"comments", "leave a comment", "log in", "cookie", "privacy policy",
		"terms of use", "contact us", "about us", "skip to", "watch", "listen",
		"partager", "partagez", "suivez-nous", "abonnez-vous", "s'abonner",
		"publicite", "tous droits reserves", "publie le", "mis a jour",
		"credit", "lire la video", "commentaires", "reagir", "regarder",
		"regarder aussi", "a regarder", "ecouter", "video",
	}
)

// lineMarker classifies a line by its opening words. fold is the line in
// matching form, words its number of words.
func lineMarker(fold string, words int) marker {
	if rest, ok := matchPhrase(fold, tagPhrases); ok {
		if strings.TrimSpace(strings.Trim(rest, ":：-–— ")) == "" {
			return markTagsHeader
		}
		if hasColon(rest) && words <= 40 {
			return markTags
		}
	}
	if rest, ok := matchPhrase(fold, relatedPhrases); ok {
		rest = strings.TrimSpace(rest)
		body := strings.TrimSpace(strings.TrimLeft(rest, ":：-–—.… "))
		switch {
		case body == "":
			return markRelatedHeader
		case hasColon(rest) && words <= 30:
			return markRelated
		}
	}
	if words <= 10 && !endsSentence(fold) {
		if rest, ok := matchPhrase(fold, sourcePhrases); ok {
			if hasColon(rest) || strings.HasSuffix(matched(fold, rest), " ") || strings.HasPrefix(fold, "(") || strings.TrimSpace(rest) == "" {
				return markSource
			}
		}
	}
	if words <= 12 {
		if _, ok := matchPhrase(fold, footerPhrases); ok {
			return markOther
		}
		if rest, ok := matchPhrase(fold, otherPhrases); ok {
			if strings.TrimSpace(rest) == "" || hasColon(rest) || !endsSentence(fold) {
				return markOther
			}
		}
		if isByline(fold, words) {
			return markOther
		}
	}
	return markNone
}

// isCredit reports whether a line is only a short credit in parentheses,
// such as "(أ ف ب)" or "(Reuters)" closing a story.
func isCredit(fold string, words int) bool {
	return words >= 1 && words <= 4 && strings.HasPrefix(fold, "(") &&
		strings.HasSuffix(fold, ")") && strings.Count(fold, "(") == 1
}

// matched returns the phrase part of fold given what is left after it.
func matched(fold, rest string) string { return fold[:len(fold)-len(rest)] }

// hasColon reports whether rest, the text after a phrase, starts with a
// colon or a dash.
func hasColon(rest string) bool {
	rest = strings.TrimLeft(rest, " \u00a0")
	for _, p := range []string{":", "：", "-", "–", "—"} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// matchPhrase reports whether fold starts with one of phrases as whole
// words, and returns the rest of fold after the longest such phrase.
func matchPhrase(fold string, phrases []string) (rest string, ok bool) {
	best := -1
	for _, p := range phrases {
		// The first byte turns most phrases away before a comparison.
		if len(p) > len(fold) || len(p) > 0 && p[0] != fold[0] || !strings.HasPrefix(fold, p) {
			continue
		}
		if len(p) < len(fold) && !strings.HasSuffix(p, " ") {
			r, _ := utf8.DecodeRuneInString(fold[len(p):])
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				continue
			}
		}
		if len(p) > best {
			best = len(p)
		}
	}
	if best < 0 {
		return "", false
	}
	return fold[best:], true
}

// isByline reports whether a short line is a byline: "By Jane Doe",
// "Par Jean Dupont" with no sentence punctuation.
func isByline(fold string, words int) bool {
	if words > 6 || endsSentence(fold) || strings.ContainsAny(fold, ",،") {
		return false
	}
	return strings.HasPrefix(fold, "by ") || strings.HasPrefix(fold, "par ")
}

// endsSentence reports whether s ends with sentence punctuation, closing
// quotes aside.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '»' || r == '”' || r == '"' || r == ')' || r == '\''
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '؟', '…', '؛':
		return true
	}
	return false
}

// navSeparators separate the items of menus and breadcrumbs.
var navSeparators = []string{" | ", " › ", " > ", " • ", " · ", " / ", " « ", " ‹ ", " < "}

// isNavigation reports whether a line is a menu or breadcrumb: three or
// more short items separated by a spaced |, ›, >, •, · or /.
func isNavigation(line string) bool {
	if endsSentence(line) {
		return false
	}
	for _, sep := range navSeparators {
		if strings.Count(line, sep) < 2 {
			continue
		}
		items := strings.Split(line, sep)
		short := true
		for _, it := range items {
			if n := len(strings.Fields(it)); n == 0 || n > 4 {
				short = false
				break
			}
		}
		if short {
			return true
		}
	}
	return false
}

// fold returns the matching form of a line for marker tests.
func fold(s string) string { return strings.TrimSpace(normalize.Fold(s)) }
