// Command quickstart tiers a synthetic book of VIP clients on the reference
// asset ladder and prints how the book spreads over the tiers, three
// explained assignments, the book in segments, and what would happen if
// gold started at 60,000 CNY instead of 50,000.
//
//	go run ./examples/quickstart                # 10,000 clients, seed 1
//	go run ./examples/quickstart -n 100000 -seed 7 -values
//
// It needs no files and no network: the book comes from package sample,
// deterministic for a given seed.
package main
