// SPDX-License-Identifier: GPL-2.0
/*
 * Prints synclab.txt.const, the constants of synclab.txt as syzkaller
 * wants them, computed from kmod/uapi/synclab.h. selftests/host/
 * syzkaller_test.sh checks that the committed file is what this prints.
 */
#include <fcntl.h>
#include <stdio.h>

#include "uapi/synclab.h"

#define C(name)	printf("%s = %llu\n", #name, (unsigned long long)(name))

int main(void)
{
	printf("# Constants of synclab.txt on amd64, from kmod/uapi/synclab.h.\n");
	printf("# Regenerate: gcc -Ikmod -o build/synclab-const tools/syzkaller/synclab-const.c\n");
	printf("#             build/synclab-const > tools/syzkaller/synclab.txt.const\n");
	printf("arches = amd64\n");
	printf("AT_FDCWD = %llu\n", (unsigned long long)(long long)AT_FDCWD);
	C(SYNCLAB_IOC_VERSION);
	C(SYNCLAB_IOC_BENCH_RUN);
	C(SYNCLAB_ROUTE_IOC_CREATE);
	C(SYNCLAB_ROUTE_IOC_ADD);
	C(SYNCLAB_ROUTE_IOC_DEL);
	C(SYNCLAB_ROUTE_IOC_LOOKUP);
	C(SYNCLAB_ROUTE_IOC_FLUSH);
	C(SYNCLAB_ROUTE_IOC_LOAD);
	C(SYNCLAB_ROUTE_IOC_DUMP);
	C(SYNCLAB_ROUTE_IOC_STATS);
	C(SYNCLAB_RING_IOC_CREATE);
	C(SYNCLAB_RING_IOC_STAT);
	C(SYNCLAB_RING_IOC_RESET);
	C(SYNCLAB_RING_IOC_SHUTDOWN);
	C(SYNCLAB_ORDER_IOC_CREATE);
	C(SYNCLAB_ORDER_IOC_TRANSFER);
	C(SYNCLAB_ORDER_IOC_AUDIT);
	C(SYNCLAB_ORDER_IOC_STRATEGY);
	C(SYNCLAB_ORDER_IOC_DEMO);
	C(SYNCLAB_ORDER_IOC_STATS);
	printf("SYNCLAB_RESULT_SIZE = %zu\n", sizeof(struct synclab_result));
	printf("SYNCLAB_ROUTE_STATS_SIZE = %zu\n", sizeof(struct synclab_route_stats));
	printf("SYNCLAB_RING_STATS_SIZE = %zu\n", sizeof(struct synclab_ring_stats));
	printf("SYNCLAB_ORDER_AUDIT_SIZE = %zu\n", sizeof(struct synclab_order_audit));
	printf("SYNCLAB_ORDER_DEMO_SIZE = %zu\n", sizeof(struct synclab_order_demo));
	printf("SYNCLAB_ORDER_STATS_SIZE = %zu\n", sizeof(struct synclab_order_stats));
	return 0;
}
