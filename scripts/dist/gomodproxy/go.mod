// The tool that writes the Go module proxy directory of make dist (a
// module of its own, so that the paysign module keeps its three
// dependencies).
module github.com/paysign/paysign/scripts/dist/gomodproxy

go 1.26.0

require golang.org/x/mod v0.43.0
