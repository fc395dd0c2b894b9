package sections_test

import (
	"fmt"

	"github.com/newsenrich/newsenrich/processor/sections"
)

func ExampleSegment() {
	text := "Talks resume in Geneva\n\n" +
		"GENEVA (AP) - Diplomats met on Monday to resume talks that stalled in May.\n" +
		"Floods hit northern Italy 1 hour ago Oil prices fall 4 hours ago\n" +
		"They will meet again on Friday.\n\n" +
		"Source: AP\n" +
		"Tags: diplomacy, Geneva\n" +
		"Read more\n" +
		"• Why the talks stalled\n"
	for _, s := range sections.Segment(text, "").Sections {
		fmt.Printf("%-7s %s\n", s.Kind, text[s.Start:s.End])
	}
	// Output:
	// title   Talks resume in Geneva
	// lead    GENEVA (AP) - Diplomats met on Monday to resume talks that stalled in May.
	// ticker  Floods hit northern Italy 1 hour ago Oil prices fall 4 hours ago
	// body    They will meet again on Friday.
	// source  Source: AP
	// tags    Tags: diplomacy, Geneva
	// related Read more
	// • Why the talks stalled
}
