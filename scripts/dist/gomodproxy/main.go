// Command gomodproxy writes a Go module proxy directory (the GOPROXY
// protocol over file://) holding one version of the module at the root of a
// Git repository: make dist runs it so that make dist-check can run exactly
// `go get github.com/paysign/paysign@vVERSION` before the tag is published.
//
//	go run . -repo ROOT -version v0.2.0 -out DIR
//
// DIR/<module>/@v/ gets list, vVERSION.info, .mod and .zip. The zip is made
// from `git archive` of a revision (HEAD by default), as the go command
// makes it from a tag (golang.org/x/mod/zip drops what a proxy drops: nested
// modules, vendor/, files that cannot be in a module), so the files are the
// committed ones: uncommitted changes are not in it, and the tool says so.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gomodproxy: ")
	repo := flag.String("repo", ".", "the Git work tree whose root holds go.mod")
	version := flag.String("version", "", "the module version, e.g. v0.2.0")
	revision := flag.String("revision", "HEAD", "the Git revision to package")
	out := flag.String("out", "", "the proxy directory to write into")
	flag.Parse()
	if *out == "" || !semverLike(*version) {
		log.Fatal("usage: gomodproxy -repo ROOT -version vX.Y.Z -out DIR")
	}
	if err := write(*repo, *revision, *version, *out); err != nil {
		log.Fatal(err)
	}
}

func semverLike(v string) bool { return strings.HasPrefix(v, "v") && strings.Count(v, ".") >= 2 }

func write(repo, revision, version, out string) error {
	goMod, err := git(repo, "show", revision+":go.mod")
	if err != nil {
		return err
	}
	path := modfile.ModulePath(goMod)
	if path == "" {
		return fmt.Errorf("%s:go.mod names no module", revision)
	}
	m := module.Version{Path: path, Version: version}
	if err := module.Check(m.Path, m.Version); err != nil {
		return err
	}
	committed, err := git(repo, "log", "-1", "--format=%cI", revision)
	if err != nil {
		return err
	}
	when, err := time.Parse(time.RFC3339, strings.TrimSpace(string(committed)))
	if err != nil {
		return err
	}
	// What the go command runs to make a module zip from a Git tag
	// (cmd/go/internal/modfetch/codehost), so that line endings match.
	archive, err := git(repo, "-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=zip", revision)
	if err != nil {
		return err
	}
	files, err := archiveFiles(archive)
	if err != nil {
		return err
	}
	escaped, err := module.EscapePath(m.Path)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	checked, err := modzip.CheckFiles(files)
	if err != nil {
		return err
	}
	var zipped bytes.Buffer
	if err := modzip.Create(&zipped, m, files); err != nil {
		return err
	}
	info, err := json.Marshal(struct {
		Version string
		Time    time.Time
	}{version, when.UTC()})
	if err != nil {
		return err
	}
	for name, data := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": info,
		version + ".mod":  goMod,
		version + ".zip":  zipped.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	if _, err := modzip.CheckZip(m, filepath.Join(dir, version+".zip")); err != nil {
		return err
	}
	fmt.Printf("go module proxy %s: %s@%s (%s), %d files, %d bytes zipped; left out %d (nested modules, vendor/)\n",
		out, m.Path, m.Version, when.UTC().Format(time.DateOnly), len(checked.Valid), zipped.Len(), len(checked.Omitted))
	if dirty, _ := git(repo, "status", "--porcelain", "--untracked-files=no"); len(dirty) > 0 && revision == "HEAD" {
		fmt.Printf("go module proxy: note: uncommitted changes are not in the module zip (it is %s, as a tag would be)\n", revision)
	}
	return nil
}

func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// archiveFile is one file of `git archive`'s zip, as golang.org/x/mod/zip reads files.
type archiveFile struct{ f *zip.File }

func (a archiveFile) Path() string                 { return a.f.Name }
func (a archiveFile) Lstat() (fs.FileInfo, error)  { return a.f.FileInfo(), nil }
func (a archiveFile) Open() (io.ReadCloser, error) { return a.f.Open() }

func archiveFiles(data []byte) ([]modzip.File, error) {
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var files []modzip.File
	for _, f := range r.File {
		if !strings.HasSuffix(f.Name, "/") {
			files = append(files, archiveFile{f})
		}
	}
	return files, nil
}
