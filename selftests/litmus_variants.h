/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The litmus tests' fixture variants, one per case of kmod/litmus.h's
 * LITMUS_CASES and in its order (the index is the case's), for both
 * sides: selftests/host/litmus_test.c and selftests/vm/litmus_test.c
 * define LITMUS_V(name, index) for their own fixture and include this.
 * Their set-up checks each index against LITMUS_NCASES.
 */
LITMUS_V(SB_plain, 0);
LITMUS_V(SB_wmb, 1);
LITMUS_V(SB_release_acquire, 2);
LITMUS_V(SB_mb, 3);
LITMUS_V(MP_plain, 4);
LITMUS_V(MP_wmb_rmb, 5);
LITMUS_V(MP_release_acquire, 6);
LITMUS_V(LB_plain, 7);
LITMUS_V(LB_release_acquire, 8);
LITMUS_V(LB_ctrl_mb, 9);
LITMUS_V(S_plain, 10);
LITMUS_V(S_wmb_acquire, 11);
LITMUS_V(R_plain, 12);
LITMUS_V(R_mb, 13);
