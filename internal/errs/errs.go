// Package errs holds error helpers shared by vipcare's packages. It is not
// API.
package errs

// Unjoin returns the errors joined in err (by errors.Join), or err alone,
// so that a package wrapping another's construction errors keeps one flat
// join: one error per problem.
func Unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
