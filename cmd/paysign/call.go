package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/paysign/paysign/core/abi"
)

// runCall reads a request from stdin (nil: empty) and prints the envelope.
func runCall(op string, stdin io.Reader, stdout, stderr io.Writer) int {
	var request []byte
	if stdin != nil {
		var err error
		if request, err = io.ReadAll(io.LimitReader(stdin, abi.MaxRequestSize+1)); err != nil {
			fmt.Fprintf(stderr, "paysign: reading stdin: %v\n", err)
			return 1
		}
	}
	response, status := abi.Call(op, request)
	fmt.Fprintf(stdout, "%s\n", response)
	if status != abi.StatusOK {
		return 1
	}
	return 0
}

// envelope is a decoded abi.Call response.
type envelope struct {
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field"`
	} `json:"error"`
}

// callValue runs op and decodes its value into v, or returns the error
// envelope as a Go error.
func callValue(op string, request any, v any) error {
	req, err := json.Marshal(request)
	if err != nil {
		return err
	}
	resp, _ := abi.Call(op, req)
	var env envelope
	if err := json.Unmarshal(resp, &env); err != nil {
		return err
	}
	if !env.OK {
		return fmt.Errorf("%s (%s)", strings.TrimPrefix(env.Error.Message, "paysign: "), env.Error.Code)
	}
	return json.Unmarshal(env.Value, v)
}
