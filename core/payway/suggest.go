package payway

import (
	"fmt"
	"strings"
)

// DidYouMean returns " (did you mean X?)" for the candidate closest to
// name when it is close enough to be a likely typo, else "". paysign's
// messages about an unknown operation or parameter end with it; tools
// that take names from people (the command line) use it for theirs.
func DidYouMean(name string, candidates []string) string {
	best, bestDistance := "", 3
	for _, c := range candidates {
		d := distance(strings.ToLower(name), strings.ToLower(c))
		if limit := max(1, min(len(c), len(name))/3); d <= limit && d < bestDistance {
			best, bestDistance = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", best)
}

// distance is the Levenshtein distance of a and b, with an adjacent
// transposition counted as one edit. Names longer than 64 bytes are not
// compared: no typo of a catalogue name is that long, and the cost stays
// bounded on hostile input.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// operationNames are the catalogue's operation names, in order.
var operationNames = func() []string {
	names := make([]string, len(catalog))
	for i, op := range catalog {
		names[i] = op.Name
	}
	return names
}()

// paramNames are op's parameter names, in order.
func (op *Operation) paramNames() []string {
	names := make([]string, len(op.Params))
	for i, p := range op.Params {
		names[i] = p.Name
	}
	return names
}
