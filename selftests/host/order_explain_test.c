// SPDX-License-Identifier: GPL-2.0
/*
 * order_explain_test: `synclab order explain` (tools/cli/order_explain.c)
 * reads lockdep's circular-locking report back correctly from canned logs
 * in 6.1's format: a console log of the order demo (timestamps, userspace
 * lines around and inside), the same without timestamps, the same as
 * klogctl returns it ("<4>" levels), a three-lock chain from another
 * driver in dmesg's multi-line layout, two reports in one log, a
 * truncated report, and logs with no report at all.
 */
#include <libgen.h>
#include <limits.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../../tools/cli/order_explain.h"

/* selftests/host/data/@name, found from build/host/order_explain_test. */
static char *load(struct __test_metadata *_metadata, const char *name,
		  size_t *len)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *buf = NULL;
	FILE *f;
	long size;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	snprintf(path, sizeof(path), "%s/../../selftests/host/data/%s",
		 dirname(exe), name);
	f = fopen(path, "r");
	if (!f) {
		TH_LOG("cannot open %s", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)size + 1);
	if (buf && fread(buf, 1, (size_t)size, f) != (size_t)size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* Explains @log into a string; *n gets the number of reports. */
static char *explain(const char *log, size_t len, int *n)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	*n = order_explain(log, len, out);
	fclose(out);
	return text;
}

/* @log with every line rewritten by @fn. */
static char *rewrite(const char *log, void (*fn)(const char *line,
						 size_t n, FILE *out))
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	while (*log) {
		size_t n = strcspn(log, "\n");

		fn(log, n, out);
		fputc('\n', out);
		log += n + (log[n] == '\n');
	}
	fclose(out);
	return text;
}

static void strip_timestamp(const char *line, size_t n, FILE *out)
{
	const char *end = line[0] == '[' ? memchr(line, ']', n) : NULL;

	if (end && end + 1 < line + n && end[1] == ' ') {
		n -= (size_t)(end + 2 - line);
		line = end + 2;
	}
	fwrite(line, 1, n, out);
}

static void add_level(const char *line, size_t n, FILE *out)
{
	if (line[0] == '[')
		fputs("<4>", out);
	fwrite(line, 1, n, out);
}

static const char * const demo_expected =
	"lockdep: possible deadlock: two code paths take two locks in opposite orders\n"
	"  now:     order_demo/131 holds order_account/1 (taken in order_lock_inverted)\n"
	"           and takes order_account in order_lock_inverted\n"
	"  earlier: order_lock_ordered took order_account/1 while holding order_account\n"
	"  cycle:   order_account -> order_account/1 -> order_account\n";

static void check_demo(struct __test_metadata *_metadata, const char *text)
{
	ASSERT_NE(NULL, text);
	EXPECT_EQ(0, strncmp(text, demo_expected, strlen(demo_expected)))
		TH_LOG("got:\n%s", text);
	EXPECT_NE(NULL, strstr(text, "Coffman condition to break: circular wait"));
	EXPECT_NE(NULL, strstr(text, "Fix: take the order_account locks in one order, by id, the lower id first"));
	EXPECT_NE(NULL, strstr(text, "as order_lock_ordered does"));
	EXPECT_NE(NULL, strstr(text, "order_lock_inverted takes the higher one first"));
}

/* A saved console log of the demo boot, timestamps and all. */
TEST(console_log_of_the_demo)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *text;
	int n;

	ASSERT_NE(NULL, log);
	text = explain(log, len, &n);
	EXPECT_EQ(1, n);
	check_demo(_metadata, text);
	free(text);
	free(log);
}

/* The same report without timestamps (printk.time=0, or cut by hand). */
TEST(without_timestamps)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *bare, *text;
	int n;

	ASSERT_NE(NULL, log);
	bare = rewrite(log, strip_timestamp);
	EXPECT_EQ(NULL, strstr(bare, "[   13."));
	text = explain(bare, strlen(bare), &n);
	EXPECT_EQ(1, n);
	check_demo(_metadata, text);
	free(text);
	free(bare);
	free(log);
}

/* The kernel log as klogctl(SYSLOG_ACTION_READ_ALL) gives it: "<4>[ ...". */
TEST(klogctl_levels)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *leveled, *text;
	int n;

	ASSERT_NE(NULL, log);
	leveled = rewrite(log, add_level);
	text = explain(leveled, strlen(leveled), &n);
	EXPECT_EQ(1, n);
	check_demo(_metadata, text);
	free(text);
	free(leveled);
	free(log);
}

/* Userspace output glued in front of the kernel text changes nothing. */
TEST(interleaved_userspace_output)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *mixed, *at, *text;
	int n;

	ASSERT_NE(NULL, log);
	mixed = calloc(1, len + 64);
	ASSERT_NE(NULL, mixed);
	at = strstr(log, "[   13.403027]");
	ASSERT_NE(NULL, at);
	memcpy(mixed, log, (size_t)(at - log));
	strcat(mixed, "# RUN           global.x ...");
	strcat(mixed, at);
	text = explain(mixed, strlen(mixed), &n);
	EXPECT_EQ(1, n);
	check_demo(_metadata, text);
	free(text);
	free(mixed);
	free(log);
}

/*
 * Three locks, two classes of another driver, dmesg's layout (multi-line
 * records continued without a timestamp): the whole chain, in order, and
 * the generic fix.
 */
TEST(three_lock_chain)
{
	size_t len;
	char *log = load(_metadata, "lockdep-chain.log", &len);
	char *text;
	int n;

	ASSERT_NE(NULL, log);
	text = explain(log, len, &n);
	EXPECT_EQ(1, n);
	ASSERT_NE(NULL, text);
	EXPECT_NE(NULL, strstr(text, "orders that close a cycle"));
	EXPECT_NE(NULL, strstr(text,
		"  now:     kworker/1:2/877 holds (work_completion)(&w->reset) (taken in process_one_work)\n"
		"           and takes &dev->state_lock in widget_reset_work\n"
		"  earlier: widget_configure took &w->cfg_mutex while holding &dev->state_lock\n"
		"  earlier: widget_remove took (work_completion)(&w->reset) while holding &w->cfg_mutex\n"
		"  cycle:   &dev->state_lock -> &w->cfg_mutex -> (work_completion)(&w->reset) -> &dev->state_lock\n"))
		TH_LOG("got:\n%s", text);
	EXPECT_NE(NULL, strstr(text, "Fix: choose one order for these locks"));
	EXPECT_EQ(NULL, strstr(text, "by id"));
	free(text);
	free(log);
}

/* Two reports in one log (two boots saved together): both explained. */
TEST(two_reports)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *twice, *text;
	int n;

	ASSERT_NE(NULL, log);
	twice = malloc(2 * len + 1);
	ASSERT_NE(NULL, twice);
	memcpy(twice, log, len);
	memcpy(twice + len, log, len);
	twice[2 * len] = '\0';
	text = explain(twice, 2 * len, &n);
	EXPECT_EQ(2, n);
	check_demo(_metadata, text);
	ASSERT_NE(NULL, strstr(text + 1, "\nlockdep: possible deadlock"));
	check_demo(_metadata, strstr(text + 1, "\nlockdep: possible deadlock") + 1);
	free(text);
	free(twice);
	free(log);
}

/* A report cut short (the VM died): still explained as far as it goes. */
TEST(truncated_report)
{
	size_t len;
	char *log = load(_metadata, "lockdep-order-demo.log", &len);
	char *cut, *text;
	int n;

	ASSERT_NE(NULL, log);
	cut = strstr(log, "but task is already holding lock:");
	ASSERT_NE(NULL, cut);
	*cut = '\0';
	text = explain(log, strlen(log), &n);
	EXPECT_EQ(1, n);
	ASSERT_NE(NULL, text);
	EXPECT_NE(NULL, strstr(text, "order_demo/131"));
	EXPECT_NE(NULL, strstr(text, "takes order_account in order_lock_inverted"));
	free(text);
	free(log);
}

/* No report: nothing explained, nothing printed. */
TEST(no_report)
{
	static const char boot[] =
		"[    0.000000] Linux version 6.1.192-synclab-debug\n"
		"[    3.512001] WARNING: CPU: 1 PID: 212 at kmod/ring.c:88 ring_push+0x30/0x90\n"
		"userspace says: possible circular locking, but it is not the kernel\n";
	size_t len;
	char *log = load(_metadata, "clean.log", &len);
	char *text;
	int n;

	ASSERT_NE(NULL, log);
	text = explain(log, len, &n);
	EXPECT_EQ(0, n);
	EXPECT_STREQ("", text);
	free(text);
	text = explain(boot, sizeof(boot) - 1, &n);
	EXPECT_EQ(0, n);
	free(text);
	text = explain("", 0, &n);
	EXPECT_EQ(0, n);
	free(text);
	free(log);
}

TEST_HARNESS_MAIN
