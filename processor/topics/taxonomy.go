package topics

// The top level of the IPTC Media Topics taxonomy, as the contract writes
// it: code without the "medtop:" prefix, and the label used in records.
const (
	Arts          = "medtop:01000000"
	Crime         = "medtop:02000000"
	Disaster      = "medtop:03000000"
	Economy       = "medtop:04000000"
	Education     = "medtop:05000000"
	Environment   = "medtop:06000000"
	Health        = "medtop:07000000"
	HumanInterest = "medtop:08000000"
	Labour        = "medtop:09000000"
	Lifestyle     = "medtop:10000000"
	Politics      = "medtop:11000000"
	Religion      = "medtop:12000000"
	Science       = "medtop:13000000"
	Society       = "medtop:14000000"
	Sport         = "medtop:15000000"
	Conflict      = "medtop:16000000"
	Weather       = "medtop:17000000"
)

// codes lists the top-level codes in taxonomy order; a class index of the
// model is an index into this list.
var codes = [...]string{
	Arts, Crime, Disaster, Economy, Education, Environment, Health,
	HumanInterest, Labour, Lifestyle, Politics, Religion, Science, Society,
	Sport, Conflict, Weather,
}

// labels are the record labels of codes, index for index, as the
// contract lists them.
var labels = [...]string{
	"arts/culture/entertainment/media",
	"crime/law/justice",
	"disaster/accident",
	"economy/business/finance",
	"education",
	"environment",
	"health",
	"human interest",
	"labour",
	"lifestyle/leisure",
	"politics",
	"religion",
	"science/technology",
	"society",
	"sport",
	"conflict/war/peace",
	"weather",
}

// NumClasses is the number of top-level IPTC Media Topics.
const NumClasses = len(codes)

// Codes returns the top-level codes in taxonomy order.
func Codes() []string { return append([]string(nil), codes[:]...) }

// Label returns the record label of a top-level code, "" if it is not one.
func Label(code string) string {
	if i := classIndex(code); i >= 0 {
		return labels[i]
	}
	return ""
}

// classIndex returns the index of code in codes, -1 if unknown.
func classIndex(code string) int {
	for i, c := range codes {
		if c == code {
			return i
		}
	}
	return -1
}
