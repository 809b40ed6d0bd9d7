# SPDX-License-Identifier: GPL-2.0
#
# synclab: every entry point. `make help` lists them.
#
# Outputs go to build/ (ignored by git); kernels are cached outside the tree
# (tools/kernel.sh). Variables:
#   FLAVOR=debug|kcsan|stock   guest kernel for `vm`, `kernel`, `initramfs`
#   KDIR=DIR                   kernel build tree for `module` (default: the
#                              running kernel's, else the debug kernel)

SHELL := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

FLAVOR ?= debug
B := build
KERNEL := tools/kernel.sh
HOST_KDIR := /lib/modules/$(shell uname -r)/build
ifeq ($(KDIR),)
MODULE_FROM := --flavor $(if $(wildcard $(HOST_KDIR)/Makefile),host,debug)
else
MODULE_FROM := --kdir $(KDIR)
endif

# The kselftest harness comes from Debian's linux-source, extracted on use.
# Its macros leave parameters unused, so tests drop that one warning.
KSRC = $(shell $(KERNEL) src)
HARNESS = -isystem $(KSRC)/tools/testing/selftests -Wno-unused-parameter

CC := gcc
WARN := -Wall -Wextra -Werror
CFLAGS_COMMON := -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE -Ikmod -pthread
# Static binaries for the guest: its initramfs has no libc.
CFLAGS_STATIC := $(CFLAGS_COMMON) -static
# Host tests of the userspace builds run under the sanitizers.
SAN_ASAN := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
SAN_TSAN := -fsanitize=thread -fno-omit-frame-pointer

UAPI := kmod/uapi/synclab.h
CLI_SRCS := $(wildcard tools/cli/*.c)
CLI_HDRS := $(wildcard tools/cli/*.h)
# The report, in the host's CLIs only (tools/cli/bench_desc.h says why).
REPORT_SRCS := $(wildcard tools/report/*.c)
REPORT_HDRS := $(wildcard tools/report/*.h)
REPORT_CFLAGS := -DSYNCLAB_REPORT -Itools/cli
# The CLIs link the structures' device commands (tools/cli/bench_desc.h).
CLI_CFLAGS := -DSYNCLAB_CLI -Iuser -I$(B)/gen
# litmus: the LKMM's verdicts, read from the kernel source at build time.
LITMUS_LKMM := $(B)/gen/litmus_lkmm_gen.h
VM_TESTS := $(patsubst selftests/vm/%.c,$(B)/selftests/vm/%,$(wildcard selftests/vm/*.c)) \
	$(patsubst selftests/vm/%,$(B)/selftests/vm/%,$(wildcard selftests/vm/*.sh))
HOST_TESTS := $(patsubst selftests/host/%.c,$(B)/host/%,$(wildcard selftests/host/*.c))

.PHONY: all help deps kernel module user host-cli selftests host-tests \
	initramfs refscale vm check bench lint clean install uninstall dkms \
	dkms-remove

all: module user selftests

help:
	@echo 'make bench      run the side-by-side benchmark matrix (see README.md)'
	@echo 'make check      every test: lint, host tests, selftests in the debug and kcsan VMs'
	@echo 'make vm         a shell in the VM with the module loaded (FLAVOR=debug|kcsan|stock)'
	@echo 'make deps       install missing Debian packages (as root)'
	@echo 'make kernel     build and cache the FLAVOR kernel'
	@echo 'make module     build synclab.ko (KDIR=... or the default kernel)'
	@echo 'make lint       checkpatch --strict, kernel-doc and sparse over kmod/'
	@echo 'make clean      remove build/ (cached kernels stay)'
	@echo 'make install    synclab.ko into /lib/modules/R/extra, the CLIs (synclab, synclab-qsbr) into /usr/local/bin (KDIR=...)'
	@echo 'make uninstall  remove them again'
	@echo 'make dkms       register the module with DKMS (rebuilt for each new kernel); dkms-remove'

deps:
	@tools/deps.sh

kernel:
	@$(KERNEL) build $(FLAVOR)

module:
	@tools/module.sh $(MODULE_FROM) >/dev/null

user: $(B)/bin/synclab

selftests: $(VM_TESTS)


# The structures and the userspace benchmark engine, the module's own
# sources compiled over user/shim, linked into the CLI (synclab bench
# --side user runs them). The CLI's own files see UAPI types only. They
# are the module's objects as Kbuild lists them, but for those only the
# kernel has (the module's entry, the control node, the devices, the
# kthread side of the engine): a structure added to Kbuild is in.
include Kbuild
KERNEL_ONLY := kmod/main.c kmod/ctl.c kmod/%_dev.c kmod/bench_kernel.c \
	kmod/bench_kvmap_peer.c
ENGINE_SRCS := $(filter-out $(KERNEL_ONLY),$(synclab-y:.o=.c)) user/bench_user.c
ENGINE_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(ENGINE_SRCS))

$(LITMUS_LKMM): tools/litmus/lkmm.sh
	@mkdir -p $(@D)
	tools/litmus/lkmm.sh $(KSRC) $@

# OBJ_CFLAGS: what a build's directory or a file adds (the qsbr flavor,
# DPDK's headers), set per target below.
OBJ_CFLAGS :=
$(B)/obj/%.o: %.c $(UAPI) $(wildcard kmod/*.h user/*.h user/shim/*.h user/shim/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SHIM_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

# Result lines are printed and read with jansson (static too: Debian's
# libjansson-dev has libjansson.a).
JANSSON_LIBS := -ljansson

$(B)/bin/synclab: $(CLI_SRCS) $(CLI_HDRS) $(UAPI) $(LITMUS_LKMM) $(ENGINE_OBJS) kmod/routegen.h user/bench_user.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STATIC) $(CLI_CFLAGS) -o $@ $(CLI_SRCS) $(ENGINE_OBJS) $(URCU_LIBS) \
		$(JANSSON_LIBS)

# The host's CLI: the same sources and engine objects, linked dynamically
# with the host peers (user/bench_peers.c: DPDK's rte_lpm, Concurrency
# Kit's ck_ring). The guest's static $(B)/bin/synclab stays without them.
# DPDK's headers come as system headers, with the flags they ask for.
HOST_CLI := $(B)/host-bin/synclab
DPDK_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libdpdk))
DPDK_LIBS = $(shell pkg-config --libs libdpdk)

host-cli: $(HOST_CLI)

$(B)/obj/user/bench_peers.o $(B)/obj-qsbr/user/bench_peers.o: OBJ_CFLAGS += $(DPDK_CFLAGS)

# lfstack's peers (Concurrency Kit's ck_stack) have their own file.
HOST_PEER_OBJS := $(B)/obj/user/bench_peers.o $(B)/obj/user/lfstack_peers.o

# A host CLI's link: $(1) the engine's and the peers' objects, $(2) the
# liburcu flavor's libraries.
host_cli_link = $(CC) $(CFLAGS_COMMON) $(CLI_CFLAGS) $(REPORT_CFLAGS) -o $@ \
	$(CLI_SRCS) $(REPORT_SRCS) $(1) $(2) -lurcu-cds $(DPDK_LIBS) -lck $(JANSSON_LIBS)

$(HOST_CLI): $(CLI_SRCS) $(CLI_HDRS) $(LITMUS_LKMM) $(REPORT_SRCS) $(REPORT_HDRS) $(UAPI) $(ENGINE_OBJS) $(HOST_PEER_OBJS) kmod/routegen.h user/bench_user.h
	@mkdir -p $(@D)
	$(call host_cli_link,$(ENGINE_OBJS) $(HOST_PEER_OBJS),$(URCU_LIBS))

# The host's CLI once more over liburcu's qsbr flavor: readers pay nothing
# per read-side section and announce quiescent states between the
# engine's chunks (user/bench_user.c), as DPDK's readers do; its result
# lines carry rcu_flavor "qsbr" and the report names such modes
# "rcu [qsbr]". The same sources, objects of their own.
HOST_CLI_QSBR := $(B)/host-bin/synclab-qsbr
QSBR_FLAGS := -DSHIM_RCU_QSBR
QSBR_LIBS := -lurcu-qsbr -lurcu-common

host-cli: $(HOST_CLI_QSBR)
ENGINE_OBJS_QSBR := $(patsubst %.c,$(B)/obj-qsbr/%.o,$(ENGINE_SRCS))
HOST_PEER_OBJS_QSBR := $(B)/obj-qsbr/user/bench_peers.o $(B)/obj-qsbr/user/lfstack_peers.o

$(B)/obj-qsbr/%.o: OBJ_CFLAGS += $(QSBR_FLAGS)
$(B)/obj-qsbr/%.o: %.c $(UAPI) $(wildcard kmod/*.h user/*.h user/shim/*.h user/shim/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SHIM_CFLAGS) $(OBJ_CFLAGS) -c -o $@ $<

$(HOST_CLI_QSBR): $(CLI_SRCS) $(CLI_HDRS) $(LITMUS_LKMM) $(REPORT_SRCS) $(REPORT_HDRS) $(UAPI) $(ENGINE_OBJS_QSBR) $(HOST_PEER_OBJS_QSBR) kmod/routegen.h user/bench_user.h
	@mkdir -p $(@D)
	$(call host_cli_link,$(ENGINE_OBJS_QSBR) $(HOST_PEER_OBJS_QSBR),$(QSBR_LIBS))

# The structures' descriptors (tools/cli/bench_desc.c), which the CLI,
# the report and the tests' tables (selftests/bench_cases.h) read.
BENCH_DESC := tools/cli/bench_desc.c
vm_bench_test_SRCS := $(BENCH_DESC)
vm_litmus_test_SRCS := tools/cli/litmus_lkmm.c

$(B)/selftests/vm/%: selftests/vm/%.c $(UAPI) $(LITMUS_LKMM) selftests/vm/synclab_test.h kmod/prng.h $(wildcard selftests/*.h) $(BENCH_DESC) $(BENCH_DESC:.c=.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_STATIC) $(HARNESS) -I$(B)/gen -o $@ $< $(vm_$*_SRCS)

$(B)/selftests/vm/%.sh: selftests/vm/%.sh
	@mkdir -p $(@D)
	install -m 0755 $< $@

# Host tests: selftests/host/NAME.c over user/shim, linked with the kernel
# sources listed in NAME_SRCS (the structures' files, compiled unchanged)
# and with liburcu's memb flavor. Without NAME_SRCS, STRUCT_test links
# kmod/STRUCT.c and user/STRUCT_user.c, those that exist. Lock-holder tracking is on (SHIM_DEBUG).
# Every host test is built with ASan+UBSan into build/host/; those listed
# in TSAN_TESTS also with TSan into build/host-tsan/.
SHIM_HDRS := $(wildcard user/shim/*.h user/shim/*/*.h)
# Kernel files see kernel types (u32...) in every userspace build.
SHIM_CFLAGS := -Iuser/shim -Iuser -include user/shim/shim.h
KMOD_HDRS := $(wildcard kmod/*.h)
USER_HDRS := $(wildcard user/*.h)
HOST_CFLAGS = $(CFLAGS_COMMON) $(HARNESS) -DSHIM_DEBUG $(SHIM_CFLAGS) -I$(B)/gen
URCU_LIBS := -lurcu-memb -lurcu-common
TSAN_TESTS :=

route_test_SRCS := kmod/route.c kmod/route_trie.c
# The same test over liburcu's qsbr flavor.
route_qsbr_test_SRCS := kmod/route.c kmod/route_trie.c
route_qsbr_test_CFLAGS := $(QSBR_FLAGS)
route_qsbr_test_LIBS := $(QSBR_LIBS)
route_qsbr_test_DEPS := selftests/host/route_test.c
# ring: the ring core and its pthread front end
ring_test_SRCS := kmod/ring.c user/ring_user.c
TSAN_TESTS += ring_test
# the ring core's lockless views (count, full, hwm) beside its users
ring_views_test_SRCS := kmod/ring.c
TSAN_TESTS += ring_views_test
# the benchmark engine over pthreads, every structure plugged in
bench_test_SRCS := $(ENGINE_SRCS) $(BENCH_DESC)
bench_test_DEPS := selftests/bench_cases.h $(BENCH_DESC:.c=.h)
# the same engine over liburcu's qsbr flavor, as synclab-qsbr runs it
bench_qsbr_test_SRCS := $(ENGINE_SRCS) $(BENCH_DESC)
bench_qsbr_test_CFLAGS := $(QSBR_FLAGS)
bench_qsbr_test_LIBS := $(QSBR_LIBS)
bench_qsbr_test_DEPS := selftests/bench_cases.h $(BENCH_DESC:.c=.h)
# the descriptors, checked against the UAPI and the engine
desc_test_SRCS := $(ENGINE_SRCS) $(BENCH_DESC)
desc_test_DEPS := selftests/bench_cases.h $(BENCH_DESC:.c=.h)
# order: the bank and its pthread front end; the explain parser.
order_test_SRCS := kmod/order.c user/order_user.c
order_explain_test_SRCS := tools/cli/order_explain.c
# bench results: the printer's lines read back by the report's parser.
json_test_SRCS := tools/cli/bench_line.c tools/cli/bench_json.c $(BENCH_DESC)
json_test_LIBS := $(JANSSON_LIBS)
TSAN_TESTS += order_test
# litmus: every test over pthreads, its counts beside the LKMM's verdicts
litmus_test_SRCS := $(ENGINE_SRCS) tools/cli/litmus_lkmm.c
litmus_test_DEPS := $(LITMUS_LKMM) selftests/litmus_variants.h
litmus_test_CFLAGS := -Itools/cli

# kvmap: the map in every mode (its rcu variants skip under TSan)
TSAN_TESTS += kvmap_test

order_test_DEPS := selftests/host/child.h
# counter: the counter core and a pthread race on it; the TSan child.
counter_test_DEPS := selftests/host/child.h
TSAN_TESTS += counter_test

HOST_TSAN := $(patsubst %,$(B)/host-tsan/%,$(TSAN_TESTS))
srcs_of = $(if $(filter undefined,$(origin $(1)_SRCS)),\
	$(wildcard kmod/$(1:_test=).c user/$(1:_test=)_user.c),$($(1)_SRCS))

# Programs the host tests run as children and watch from outside (never
# run as tests themselves): selftests/host/helpers/NAME.c with NAME_SRCS,
# built as NAME-asan (ASan+UBSan) and NAME-tsan (TSan).
order_child_SRCS := kmod/order.c user/order_user.c
HOST_HELPERS := $(B)/host-helpers/order_child-asan $(B)/host-helpers/order_child-tsan
counter_child_SRCS := kmod/counter.c user/counter_user.c
HOST_HELPERS += $(B)/host-helpers/counter_child-tsan
# The CLI itself under ASan+UBSan, run by selftests/host/report_test.sh.
HOST_HELPERS += $(B)/host-helpers/synclab-asan
# Prerequisites expand when a rule is read: this one comes after the lists.
# selftests/host/bench_harness_test.sh runs the three CLIs.
host-tests: $(HOST_TESTS) $(HOST_TSAN) $(HOST_HELPERS) $(B)/bin/synclab $(HOST_CLI) $(HOST_CLI_QSBR)

.SECONDEXPANSION:
$(B)/host/%: selftests/host/%.c $$(call srcs_of,$$*) $$($$*_DEPS) $(UAPI) $(SHIM_HDRS) $(KMOD_HDRS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $($*_CFLAGS) $(SAN_ASAN) -o $@ $< $(call srcs_of,$*) \
		$(or $($*_LIBS),$(URCU_LIBS))

$(B)/host-tsan/%: selftests/host/%.c $$(call srcs_of,$$*) $$($$*_DEPS) $(UAPI) $(SHIM_HDRS) $(KMOD_HDRS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $($*_CFLAGS) $(SAN_TSAN) -o $@ $< $(call srcs_of,$*) \
		$(or $($*_LIBS),$(URCU_LIBS))

$(B)/host-helpers/%-asan: selftests/host/helpers/%.c $$($$*_SRCS) $(UAPI) $(SHIM_HDRS) $(KMOD_HDRS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_ASAN) -o $@ $< $($*_SRCS) $(URCU_LIBS)

# Linked dynamically (the sanitizers need it) with the engine's objects
# as the static CLI has them.
$(B)/host-helpers/synclab-asan: $(CLI_SRCS) $(CLI_HDRS) $(LITMUS_LKMM) $(REPORT_SRCS) $(REPORT_HDRS) $(UAPI) $(ENGINE_OBJS) kmod/routegen.h user/bench_user.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_COMMON) $(SAN_ASAN) $(CLI_CFLAGS) $(REPORT_CFLAGS) -o $@ $(CLI_SRCS) $(REPORT_SRCS) \
		$(ENGINE_OBJS) $(URCU_LIBS) \
		$(JANSSON_LIBS)

$(B)/host-helpers/%-tsan: selftests/host/helpers/%.c $$($$*_SRCS) $(UAPI) $(SHIM_HDRS) $(KMOD_HDRS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_TSAN) -o $@ $< $($*_SRCS) $(URCU_LIBS)

# The guest's root filesystem for FLAVOR: its module, the static binaries
# and the VM selftests. The stock guest runs `make bench`: it also carries
# the kernel's refscale built out of tree (tools/bench/refscale.sh) in
# /lib/modules/extra/, the matrix (BENCH_MATRIX, as tools/bench/run.sh
# reads it from the environment) and the guest's part of the benchmark.
BENCH_MATRIX ?= tools/bench/matrix
BENCH_GUEST = $(BENCH_MATRIX)=etc/synclab/matrix \
	tools/bench/guest.sh=bin/synclab-bench-guest

initramfs: user selftests
	@mod=$$(tools/module.sh --flavor $(FLAVOR)) && extra=() && \
	if [ "$(FLAVOR)" = stock ]; then \
		rs=$$(tools/bench/refscale.sh) && \
		extra=($(BENCH_GUEST) $$rs/torture.ko=lib/modules/extra/torture.ko \
		       $$rs/refscale.ko=lib/modules/extra/refscale.ko); \
	fi && \
	tools/vm/mkinitramfs.sh $(B)/initramfs-$(FLAVOR).cpio.gz "$$mod" \
		$(B)/bin $(B)/selftests/vm "$${extra[@]}"

refscale:
	@tools/bench/refscale.sh >/dev/null

vm: initramfs
	@tools/vm/run.sh --flavor $(FLAVOR) --shell

lint:
	@tools/lint.sh

check: deps
	@tools/check.sh

# QUICK=1: the matrix's quick points, one run each. REPEAT=N: runs per
# point (default 3). SIDE=host-kernel: in the running kernel, no VM. See
# tools/bench/run.sh.
bench: deps
	@QUICK=$(QUICK) REPEAT=$(REPEAT) SIDE=$(SIDE) tools/bench/run.sh

# On the machine itself (tools/install.sh): KDIR, PREFIX, DESTDIR.
install uninstall dkms dkms-remove:
	@KDIR=$(KDIR) PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) tools/install.sh $@

clean:
	rm -rf $(B)
