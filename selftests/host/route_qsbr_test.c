// SPDX-License-Identifier: GPL-2.0
/*
 * route_qsbr_test: route_test over liburcu's qsbr flavor (the Makefile
 * builds this file with SHIM_RCU_QSBR and links liburcu-qsbr). Readers
 * there must announce quiescent states; the tests do, every few lookups.
 */
#include "route_test.c"
