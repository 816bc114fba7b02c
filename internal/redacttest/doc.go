// Package redacttest holds the module's redaction conformance test and
// nothing else: every exported type of every library package is listed
// with what it holds, and every type that holds a client's amounts or
// identifiers is filled with canaries and printed, logged and marshalled
// through every channel, none of which may show one. See
// redaction_test.go.
package redacttest
