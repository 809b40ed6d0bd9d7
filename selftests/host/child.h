/* SPDX-License-Identifier: GPL-2.0 */
/*
 * child.h: run a helper program (build/host-helpers/NAME, beside the
 * test's own build directory) as a child and watch it from outside: its
 * exit status, its stdout and stderr, under an outer timeout. For the
 * host tests that check what a sanitizer says about a whole process, or
 * how a process ends. Include after kselftest_harness.h.
 */
#ifndef SYNCLAB_TEST_CHILD_H
#define SYNCLAB_TEST_CHILD_H

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
	int status;	/* exit status; 128 + signal; -1 on timeout */
	char out[8192];
	char err[65536];
};

static void slurp(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	close(fd);
}

static int tmpfile_fd(void)
{
	char path[] = "/tmp/synclab_child.XXXXXX";
	int fd = mkstemp(path);

	if (fd >= 0)
		unlink(path);
	return fd;
}

/* Runs build/host-helpers/@argv[0] with an outer @timeout_s. */
static void run_child(struct __test_metadata *_metadata, char *const argv[],
		      const char *tsan_options, int timeout_s, struct child *c)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	int out = tmpfile_fd(), err = tmpfile_fd(), status, waited = 0;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	pid_t pid;

	ASSERT_LT(0, len);
	exe[len] = '\0';
	snprintf(path, sizeof(path), "%s/../host-helpers/%s", dirname(exe),
		 argv[0]);
	ASSERT_EQ(0, access(path, X_OK)) TH_LOG("missing %s", path);
	ASSERT_LE(0, out);
	ASSERT_LE(0, err);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		if (tsan_options)
			setenv("TSAN_OPTIONS", tsan_options, 1);
		execv(path, argv);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (waited >= timeout_s * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			status = -1;
			break;
		}
		usleep(10000);
		waited++;
	}
	if (status == -1)
		c->status = -1;
	else if (WIFEXITED(status))
		c->status = WEXITSTATUS(status);
	else
		c->status = 128 + WTERMSIG(status);
	slurp(out, c->out, sizeof(c->out));
	slurp(err, c->err, sizeof(c->err));
}

#endif /* SYNCLAB_TEST_CHILD_H */
