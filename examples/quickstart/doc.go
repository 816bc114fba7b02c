// Command quickstart tiers a synthetic book of VIP clients on the reference
// asset ladder and prints how the book spreads over the tiers, with three
// explained assignments.
//
//	go run ./examples/quickstart                # 10,000 clients, seed 1
//	go run ./examples/quickstart -n 100000 -seed 7 -values
//
// It needs no files and no network: the book comes from package sample,
// deterministic for a given seed.
package main
