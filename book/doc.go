// Package book runs vipcare over a whole book of clients, given as an
// iter.Seq of profiles: reports that show what a policy does to a book
// before it is adopted, serially or in parallel with the same result.
package book
