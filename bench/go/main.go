// Command bench measures paysign in Go: the core API (payway.Sign,
// bbmsl.Sign), the JSON envelope (abi.Call) and build/paysign.wasm under
// wazero (compiler), the way a Go host embeds it (copy in, call, copy out,
// free). It writes raw per-repetition numbers as JSON for bench/report.py.
//
//	go run ./bench/go -wasm build/paysign.wasm -out build/bench/raw/go.json
//	go run ./bench/go -emit-workloads build/bench/workloads.json
//	go run ./bench/go -wasm ... -cpuprofile build/bench/go-W2.pprof -profile W2_refund:go.abi
//	go run ./bench/go -send build/bench/send-input.json -out build/bench/raw/send-go.json
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/paysign/paysign/bench/workloads"
	"github.com/paysign/paysign/core/abi"
	"github.com/paysign/paysign/core/bbmsl"
	"github.com/paysign/paysign/core/payway"
	"github.com/paysign/paysign/wasm/wazerohost"
)

type result struct {
	Runtime  string    `json:"runtime"`
	Workload string    `json:"workload"`
	Impl     string    `json:"impl"`
	Iters    int       `json:"iters"`
	NsPerOp  []float64 `json:"ns_per_op"`
	// CPUNsPerOp is the process's CPU time per op, one a round (the send rows).
	CPUNsPerOp []float64 `json:"cpu_ns_per_op,omitempty"`
}

type output struct {
	Runtime string         `json:"runtime"`
	Results []result       `json:"results"`
	Fixed   map[string]any `json:"fixed"`
}

func main() {
	wasmPath := flag.String("wasm", "", "build/paysign.wasm (wazero rows are skipped if empty)")
	out := flag.String("out", "", "write the raw results here (JSON)")
	emit := flag.String("emit-workloads", "", "write the workloads as call envelopes (JSON) and exit")
	callback := flag.String("callback", "", "measure payway.verify_callback of a ~1 MiB body of 30 000 numeric-looking keys; write the body to this file for the PHP baseline")
	scale := flag.Float64("scale", 1, "time scale: one repetition lasts about 0.2 s × scale")
	reps := flag.Int("reps", 5, "repetitions")
	cpuprofile := flag.String("cpuprofile", "", "profile one workload:impl (see -profile) for -profile-seconds into this file and exit")
	profile := flag.String("profile", "W2_refund:go.abi", "workload:impl profiled by -cpuprofile")
	profSecs := flag.Float64("profile-seconds", 5, "")
	send := flag.String("send", "", "time 100 sequential sends to paysign mock (this JSON input, see send.go) with paywayhttp.Client and by hand")
	sendOnce := flag.String("send-once", "", "with -send: one untimed pass of this client (paysign | keepalive) to -send-url")
	sendURL := flag.String("send-url", "", "")
	flag.Parse()

	if *send != "" {
		benchSend(*send, *out, *sendOnce, *sendURL)
		return
	}

	if *callback != "" {
		benchCallback(*callback, *out, *scale, *reps)
		return
	}
	ws := workloads.All()
	if *emit != "" {
		emitWorkloads(ws, *emit)
		return
	}
	impls := []string{"go.core", "go.abi", "go.abi.handle"}
	var wz *wazeroHost
	if *wasmPath != "" {
		wz = newWazero(*wasmPath)
		impls = append(impls, "wazero")
	}
	fn := func(w *workloads.Workload, impl string) func() {
		switch impl {
		case "go.core":
			if w.PayWay != nil {
				return func() { must(payway.Sign(w.PayWay)) }
			}
			return func() { must(bbmsl.Sign(w.BBMSL)) }
		case "go.abi":
			return func() {
				if _, status := abi.Call(w.Op, w.Request); status != abi.StatusOK {
					panic(fmt.Sprint(w.Name, " status ", status))
				}
			}
		case "go.abi.handle": // the credentials given once, as the bindings' helpers give them
			req, err := w.HandleRequest()
			check(err)
			return func() {
				if _, status := abi.Call(w.Op, req); status != abi.StatusOK {
					panic(fmt.Sprint(w.Name, " status ", status))
				}
			}
		default:
			return func() { wz.call(w.Op, w.Request) }
		}
	}
	if *cpuprofile != "" {
		wl, impl, _ := strings.Cut(*profile, ":")
		for _, w := range ws {
			if w.Name == wl {
				f := fn(w, impl)
				pf, err := os.Create(*cpuprofile)
				check(err)
				check(pprof.StartCPUProfile(pf))
				for end := time.Now().Add(time.Duration(*profSecs * float64(time.Second))); time.Now().Before(end); {
					for i := 0; i < 100; i++ {
						f()
					}
				}
				pprof.StopCPUProfile()
				check(pf.Close())
				return
			}
		}
		panic("no workload " + wl)
	}

	repDur := time.Duration(*scale * float64(200*time.Millisecond))
	o := output{Runtime: "go", Fixed: map[string]any{}}
	type job struct {
		res *result
		f   func()
	}
	var jobs []job
	for _, w := range ws {
		for _, impl := range impls {
			f := fn(w, impl)
			f() // a failing workload fails here, before any timing
			rt := "go"
			if impl == "wazero" {
				rt = "wazero"
			}
			jobs = append(jobs, job{&result{Runtime: rt, Workload: w.Name, Impl: impl, Iters: calibrate(f, repDur)}, f})
		}
	}
	// Repetitions are interleaved: every implementation once per round, so
	// a noisy neighbour hits all of them alike.
	for r := 0; r < *reps; r++ {
		for _, j := range jobs {
			start := time.Now()
			for i := 0; i < j.res.Iters; i++ {
				j.f()
			}
			j.res.NsPerOp = append(j.res.NsPerOp, float64(time.Since(start).Nanoseconds())/float64(j.res.Iters))
		}
		fmt.Fprintf(os.Stderr, "go: round %d/%d\n", r+1, *reps)
	}
	for _, j := range jobs {
		o.Results = append(o.Results, *j.res)
	}
	if wz != nil {
		o.Fixed["wazero_compile_ms"] = wz.compileMs
		o.Fixed["wazero_instantiate_ms"] = wz.instMs
		o.Fixed["wazero_memory_bytes"] = wz.mod.Memory().Size()
	}
	b, err := json.MarshalIndent(o, "", " ")
	check(err)
	if *out == "" {
		os.Stdout.Write(b)
		return
	}
	check(os.MkdirAll(filepath.Dir(*out), 0o755))
	check(os.WriteFile(*out, b, 0o644))
}

// calibrate returns the iteration count for one repetition of about d.
func calibrate(f func(), d time.Duration) int {
	for n := 1; ; n *= 2 {
		start := time.Now()
		for i := 0; i < n; i++ {
			f()
		}
		el := time.Since(start)
		if el >= d/8 || n >= 1<<24 {
			return max(1, int(math.Round(float64(n)*float64(d)/float64(max(el, 1)))))
		}
	}
}

func emitWorkloads(ws []*workloads.Workload, path string) {
	type env struct {
		Name    string          `json:"name"`
		Op      string          `json:"op"`
		RSA     bool            `json:"rsa"`
		Request json.RawMessage `json:"request"`
	}
	var list []env
	for _, w := range ws {
		list = append(list, env{w.Name, w.Op, w.RSA, w.Request})
	}
	b, err := json.MarshalIndent(list, "", " ")
	check(err)
	check(os.MkdirAll(filepath.Dir(path), 0o755))
	check(os.WriteFile(path, b, 0o644))
}

// wazeroHost is one instance of the module, called like the wazerotest
// host and bindings/js do: alloc + copy the op and the request, call,
// copy the response out, free the three buffers.
type wazeroHost struct {
	ctx                 context.Context
	mod                 api.Module
	alloc, free, callFn api.Function
	compileMs, instMs   float64
	buf                 []uint64
}

func newWazero(path string) *wazeroHost {
	ctx := context.Background()
	wasm, err := os.ReadFile(path)
	check(err)
	cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(filepath.Dir(path), "wazero-cache"))
	check(err)
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigCompiler().WithCompilationCache(cache))
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	check(wazerohost.Instantiate(ctx, r)) // no host crypto: the module's own Go
	t0 := time.Now()
	cm, err := r.CompileModule(ctx, wasm)
	check(err)
	t1 := time.Now()
	mod, err := r.InstantiateModule(ctx, cm, wazero.NewModuleConfig().
		WithStartFunctions("_initialize").WithRandSource(rand.Reader).
		WithSysWalltime().WithSysNanotime().WithStderr(os.Stderr).WithName(""))
	check(err)
	h := &wazeroHost{ctx: ctx, mod: mod, alloc: mod.ExportedFunction("paysign_alloc"), free: mod.ExportedFunction("paysign_free"),
		callFn: mod.ExportedFunction("paysign_call"), buf: make([]uint64, 4)}
	h.compileMs = float64(t1.Sub(t0).Microseconds()) / 1000
	h.instMs = float64(time.Since(t1).Microseconds()) / 1000
	return h
}

func (h *wazeroHost) put(b []byte) uint32 {
	res, err := h.alloc.Call(h.ctx, uint64(len(b)))
	check(err)
	p := uint32(res[0])
	if !h.mod.Memory().Write(p, b) {
		panic("wazero: write out of range")
	}
	return p
}

func (h *wazeroHost) call(op string, req []byte) []byte {
	opPtr := h.put([]byte(op))
	reqPtr := h.put(req)
	res, err := h.callFn.Call(h.ctx, uint64(opPtr), uint64(len(op)), uint64(reqPtr), uint64(len(req)))
	check(err)
	ptr, n := uint32(res[0]>>32), uint32(res[0])
	b, ok := h.mod.Memory().Read(ptr, n)
	if !ok {
		panic("wazero: read out of range")
	}
	out := append([]byte(nil), b...)
	if !strings.HasPrefix(string(out[:min(len(out), 10)]), `{"ok":true`) {
		panic("wazero: " + string(out))
	}
	for _, p := range []uint32{ptr, opPtr, reqPtr} {
		_, err := h.free.Call(h.ctx, uint64(p))
		check(err)
	}
	return out
}

func must[T any](_ T, err error) {
	check(err)
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// callbackBody is W6: a pushback body of ~880 KB with 30 000
// numeric-looking keys (the hostile case for ksort), deterministic.
func callbackBody() []byte {
	r := mrand.New(mrand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("{")
	for i := 0; b.Len() < 880_000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		if i%3 == 0 {
			fmt.Fprintf(&b, `"%d.%d":"%s"`, r.IntN(100000), r.IntN(100), strings.Repeat("v", 5+r.IntN(10)))
		} else {
			fmt.Fprintf(&b, `"%d":"%s"`, r.Int64N(1e12), strings.Repeat("v", 5+r.IntN(10)))
		}
	}
	b.WriteString("}")
	return []byte(b.String())
}

// benchCallback measures W6 in Go: payway.VerifyCallback (go.core) and
// payway.verify_callback through abi.Call (go.abi), and writes the body to
// bodyPath (and the signature to bodyPath.signature) for
// bench/php/callback.php, PayWay's own PHP snippet.
func benchCallback(bodyPath, out string, scale float64, reps int) {
	const apiKey = "TEST_ONLY_bench_callback_key"
	body := callbackBody()
	check(os.MkdirAll(filepath.Dir(bodyPath), 0o755))
	check(os.WriteFile(bodyPath, body, 0o644))
	signature, err := payway.SignCallback(body, apiKey)
	check(err)
	// The PHP baseline checks paysign's signature with PayWay's snippet
	// before timing it: equal work, and an independent check of the ksort.
	check(os.WriteFile(bodyPath+".signature", []byte(signature), 0o644))
	request, err := json.Marshal(map[string]any{"credentials": map[string]string{"api_key": apiKey}, "body": string(body), "signature": signature})
	check(err)
	impls := map[string]func(){
		"go.core": func() { must(payway.VerifyCallback(body, signature, apiKey)) },
		"go.abi": func() {
			if resp, status := abi.Call("payway.verify_callback", request); status != abi.StatusOK {
				panic(string(resp))
			}
		},
	}
	o := output{Runtime: "go"}
	for _, impl := range []string{"go.core", "go.abi"} {
		f := impls[impl]
		f()
		res := result{Runtime: "go", Workload: "W6_callback_30k_keys", Impl: impl, Iters: calibrate(f, time.Duration(scale*float64(time.Second)))}
		for r := 0; r < reps; r++ {
			start := time.Now()
			for i := 0; i < res.Iters; i++ {
				f()
			}
			res.NsPerOp = append(res.NsPerOp, float64(time.Since(start).Nanoseconds())/float64(res.Iters))
		}
		o.Results = append(o.Results, res)
	}
	b, err := json.MarshalIndent(o, "", " ")
	check(err)
	check(os.WriteFile(out, b, 0o644))
}
