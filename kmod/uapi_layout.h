/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout of every struct of uapi/synclab.h, as its comments promise
 * it: each struct's size, then each field's offset, fields in order. The
 * one list of them; a new struct adds its lines here.
 *
 * Deliberately without an include guard: the includer first defines
 *   SYNCLAB_UAPI_STRUCT(name, size)	for struct name, its sizeof
 *   SYNCLAB_UAPI_FIELD(name, field, offset)	for one field
 * and each line below ends in a semicolon, so that the two expand to
 * declarations or to statements. The module (kmod/main.c) makes them
 * static assertions; the host test selftests/host/uapi_test.c makes them
 * static assertions too, and walks the list at run time to prove that it
 * is whole: the fields of each struct follow one another with no hole and
 * end at its size (so no field and no padding is missing here), and every
 * struct of the header is listed.
 */

SYNCLAB_UAPI_STRUCT(synclab_version, 48);
SYNCLAB_UAPI_FIELD(synclab_version, major, 0);
SYNCLAB_UAPI_FIELD(synclab_version, minor, 4);
SYNCLAB_UAPI_FIELD(synclab_version, abi, 8);
SYNCLAB_UAPI_FIELD(synclab_version, debug, 12);
SYNCLAB_UAPI_FIELD(synclab_version, reserved, 16);

SYNCLAB_UAPI_STRUCT(synclab_route, 12);
SYNCLAB_UAPI_FIELD(synclab_route, prefix, 0);
SYNCLAB_UAPI_FIELD(synclab_route, nexthop, 4);
SYNCLAB_UAPI_FIELD(synclab_route, len, 8);
SYNCLAB_UAPI_FIELD(synclab_route, flags, 9);
SYNCLAB_UAPI_FIELD(synclab_route, reserved, 10);

SYNCLAB_UAPI_STRUCT(synclab_route_lookup, 16);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, addr, 0);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, nexthop, 4);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, prefix, 8);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, len, 12);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, found, 13);
SYNCLAB_UAPI_FIELD(synclab_route_lookup, reserved, 14);

SYNCLAB_UAPI_STRUCT(synclab_route_table, 16);
SYNCLAB_UAPI_FIELD(synclab_route_table, mode, 0);
SYNCLAB_UAPI_FIELD(synclab_route_table, reserved, 4);

SYNCLAB_UAPI_STRUCT(synclab_route_batch, 32);
SYNCLAB_UAPI_FIELD(synclab_route_batch, routes, 0);
SYNCLAB_UAPI_FIELD(synclab_route_batch, count, 8);
SYNCLAB_UAPI_FIELD(synclab_route_batch, total, 12);
SYNCLAB_UAPI_FIELD(synclab_route_batch, reserved, 16);

SYNCLAB_UAPI_STRUCT(synclab_route_stats, 136);
SYNCLAB_UAPI_FIELD(synclab_route_stats, mode, 0);
SYNCLAB_UAPI_FIELD(synclab_route_stats, reserved0, 4);
SYNCLAB_UAPI_FIELD(synclab_route_stats, prefixes, 8);
SYNCLAB_UAPI_FIELD(synclab_route_stats, lookups, 16);
SYNCLAB_UAPI_FIELD(synclab_route_stats, hits, 24);
SYNCLAB_UAPI_FIELD(synclab_route_stats, misses, 32);
SYNCLAB_UAPI_FIELD(synclab_route_stats, adds, 40);
SYNCLAB_UAPI_FIELD(synclab_route_stats, replaces, 48);
SYNCLAB_UAPI_FIELD(synclab_route_stats, deletes, 56);
SYNCLAB_UAPI_FIELD(synclab_route_stats, loads, 64);
SYNCLAB_UAPI_FIELD(synclab_route_stats, nodes, 72);
SYNCLAB_UAPI_FIELD(synclab_route_stats, bytes, 80);
SYNCLAB_UAPI_FIELD(synclab_route_stats, rcu_pending, 88);
SYNCLAB_UAPI_FIELD(synclab_route_stats, rcu_completed, 96);
SYNCLAB_UAPI_FIELD(synclab_route_stats, reserved, 104);

SYNCLAB_UAPI_STRUCT(synclab_ring_rec, 8);
SYNCLAB_UAPI_FIELD(synclab_ring_rec, seq, 0);
SYNCLAB_UAPI_FIELD(synclab_ring_rec, producer, 4);
SYNCLAB_UAPI_FIELD(synclab_ring_rec, check, 6);

SYNCLAB_UAPI_STRUCT(synclab_ring_config, 24);
SYNCLAB_UAPI_FIELD(synclab_ring_config, capacity, 0);
SYNCLAB_UAPI_FIELD(synclab_ring_config, mode, 4);
SYNCLAB_UAPI_FIELD(synclab_ring_config, reserved, 8);

SYNCLAB_UAPI_STRUCT(synclab_ring_stats, 136);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, capacity, 0);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, mode, 4);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, count, 8);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, hwm, 12);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, head, 16);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, tail, 20);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, flags, 24);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, reserved0, 28);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, pushes, 32);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, pops, 40);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, full, 48);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, empty, 56);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, producer_waits, 64);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, consumer_waits, 72);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, wakeups, 80);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, producer_contended, 88);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, consumer_contended, 96);
SYNCLAB_UAPI_FIELD(synclab_ring_stats, reserved, 104);

SYNCLAB_UAPI_STRUCT(synclab_order_create, 40);
SYNCLAB_UAPI_FIELD(synclab_order_create, accounts, 0);
SYNCLAB_UAPI_FIELD(synclab_order_create, strategy, 4);
SYNCLAB_UAPI_FIELD(synclab_order_create, balance, 8);
SYNCLAB_UAPI_FIELD(synclab_order_create, flags, 16);
SYNCLAB_UAPI_FIELD(synclab_order_create, reserved0, 20);
SYNCLAB_UAPI_FIELD(synclab_order_create, reserved, 24);

SYNCLAB_UAPI_STRUCT(synclab_order_transfer, 48);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, from, 0);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, to, 4);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, amount, 8);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, retries, 16);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, backoffs, 20);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, strategy, 24);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, reserved0, 28);
SYNCLAB_UAPI_FIELD(synclab_order_transfer, reserved, 32);

SYNCLAB_UAPI_STRUCT(synclab_order_audit, 48);
SYNCLAB_UAPI_FIELD(synclab_order_audit, total, 0);
SYNCLAB_UAPI_FIELD(synclab_order_audit, expected, 8);
SYNCLAB_UAPI_FIELD(synclab_order_audit, ok, 16);
SYNCLAB_UAPI_FIELD(synclab_order_audit, accounts, 20);
SYNCLAB_UAPI_FIELD(synclab_order_audit, strategy, 24);
SYNCLAB_UAPI_FIELD(synclab_order_audit, flags, 28);
SYNCLAB_UAPI_FIELD(synclab_order_audit, reserved, 32);

SYNCLAB_UAPI_STRUCT(synclab_order_strategy, 16);
SYNCLAB_UAPI_FIELD(synclab_order_strategy, strategy, 0);
SYNCLAB_UAPI_FIELD(synclab_order_strategy, reserved, 4);

SYNCLAB_UAPI_STRUCT(synclab_order_demo, 32);
SYNCLAB_UAPI_FIELD(synclab_order_demo, lockdep, 0);
SYNCLAB_UAPI_FIELD(synclab_order_demo, before, 4);
SYNCLAB_UAPI_FIELD(synclab_order_demo, after, 8);
SYNCLAB_UAPI_FIELD(synclab_order_demo, reserved0, 12);
SYNCLAB_UAPI_FIELD(synclab_order_demo, reserved, 16);

SYNCLAB_UAPI_STRUCT(synclab_order_counts, 32);
SYNCLAB_UAPI_FIELD(synclab_order_counts, transfers, 0);
SYNCLAB_UAPI_FIELD(synclab_order_counts, refused, 8);
SYNCLAB_UAPI_FIELD(synclab_order_counts, retries, 16);
SYNCLAB_UAPI_FIELD(synclab_order_counts, backoffs, 24);

SYNCLAB_UAPI_STRUCT(synclab_order_stats, 184);
SYNCLAB_UAPI_FIELD(synclab_order_stats, accounts, 0);
SYNCLAB_UAPI_FIELD(synclab_order_stats, strategy, 4);
SYNCLAB_UAPI_FIELD(synclab_order_stats, flags, 8);
SYNCLAB_UAPI_FIELD(synclab_order_stats, reserved0, 12);
SYNCLAB_UAPI_FIELD(synclab_order_stats, audits, 16);
SYNCLAB_UAPI_FIELD(synclab_order_stats, per, 24);
SYNCLAB_UAPI_FIELD(synclab_order_stats, reserved, 152);

SYNCLAB_UAPI_STRUCT(synclab_workload, 128);
SYNCLAB_UAPI_FIELD(synclab_workload, structure, 0);
SYNCLAB_UAPI_FIELD(synclab_workload, mode, 4);
SYNCLAB_UAPI_FIELD(synclab_workload, threads, 8);
SYNCLAB_UAPI_FIELD(synclab_workload, mix, 16);
SYNCLAB_UAPI_FIELD(synclab_workload, keys, 20);
SYNCLAB_UAPI_FIELD(synclab_workload, hot, 24);
SYNCLAB_UAPI_FIELD(synclab_workload, hot_keys, 28);
SYNCLAB_UAPI_FIELD(synclab_workload, batch, 32);
SYNCLAB_UAPI_FIELD(synclab_workload, prefill, 36);
SYNCLAB_UAPI_FIELD(synclab_workload, cs_ns, 40);
SYNCLAB_UAPI_FIELD(synclab_workload, think_ns, 48);
SYNCLAB_UAPI_FIELD(synclab_workload, seed, 64);
SYNCLAB_UAPI_FIELD(synclab_workload, warmup_ns, 72);
SYNCLAB_UAPI_FIELD(synclab_workload, duration_ns, 80);
SYNCLAB_UAPI_FIELD(synclab_workload, sample_shift, 88);
SYNCLAB_UAPI_FIELD(synclab_workload, flags, 92);
SYNCLAB_UAPI_FIELD(synclab_workload, ops_per_thread, 96);
SYNCLAB_UAPI_FIELD(synclab_workload, param, 104);
SYNCLAB_UAPI_FIELD(synclab_workload, reserved, 120);

SYNCLAB_UAPI_STRUCT(synclab_result, 832);
SYNCLAB_UAPI_FIELD(synclab_result, elapsed_ns, 0);
SYNCLAB_UAPI_FIELD(synclab_result, ops, 8);
SYNCLAB_UAPI_FIELD(synclab_result, ops_total, 24);
SYNCLAB_UAPI_FIELD(synclab_result, thread_ops_min, 40);
SYNCLAB_UAPI_FIELD(synclab_result, thread_ops_max, 56);
SYNCLAB_UAPI_FIELD(synclab_result, failures, 72);
SYNCLAB_UAPI_FIELD(synclab_result, extra, 88);
SYNCLAB_UAPI_FIELD(synclab_result, lat_max_ns, 104);
SYNCLAB_UAPI_FIELD(synclab_result, hist, 120);
SYNCLAB_UAPI_FIELD(synclab_result, rtt_before_ns, 632);
SYNCLAB_UAPI_FIELD(synclab_result, rtt_after_ns, 640);
SYNCLAB_UAPI_FIELD(synclab_result, clock_ns, 648);
SYNCLAB_UAPI_FIELD(synclab_result, threads_run, 656);
SYNCLAB_UAPI_FIELD(synclab_result, flags, 660);
SYNCLAB_UAPI_FIELD(synclab_result, debug, 664);
SYNCLAB_UAPI_FIELD(synclab_result, cpus, 668);
SYNCLAB_UAPI_FIELD(synclab_result, mem_bytes, 672);
SYNCLAB_UAPI_FIELD(synclab_result, stats, 680);
SYNCLAB_UAPI_FIELD(synclab_result, reserved, 808);

SYNCLAB_UAPI_STRUCT(synclab_bench, 960);
SYNCLAB_UAPI_FIELD(synclab_bench, workload, 0);
SYNCLAB_UAPI_FIELD(synclab_bench, result, 128);
