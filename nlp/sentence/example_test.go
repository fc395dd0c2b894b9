package sentence_test

import (
	"fmt"

	"github.com/newsenrich/newsenrich/nlp/sentence"
)

func ExampleSplit() {
	s := "قال الوزير، في بيان: «سنرد. لن نتأخر». وغادر الاجتماع. Mr. Smith left the U.S. on Monday."
	for _, sp := range sentence.Split(s) {
		fmt.Println(s[sp.Start:sp.End])
	}
	// Output:
	// قال الوزير، في بيان: «سنرد. لن نتأخر».
	// وغادر الاجتماع.
	// Mr. Smith left the U.S. on Monday.
}
