// Command quickstart runs vipcare's reference playbook on a synthetic book
// of VIP clients and prints how the book spreads over the tiers, three
// explained tiers, the book in segments, what would happen if gold started
// at 60,000 CNY instead of 50,000, how often each need occurs and one
// client's plays needs-driven and product-driven, the RM workload and
// coverage of one service mode for everyone against strategies assigned by
// role and value, and three clients' decisions.
//
//	go run ./examples/quickstart                # 10,000 clients, seed 1
//	go run ./examples/quickstart -n 100000 -seed 7 -values
//
// It needs no files and no network: the book comes from package sample,
// deterministic for a given seed.
package main
