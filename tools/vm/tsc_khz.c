// SPDX-License-Identifier: GPL-2.0
/*
 * tsc_khz: print the host's TSC rate in kHz, for a guest under TCG.
 *
 * QEMU's TCG answers a guest's rdtsc with the host's TSC, so the guest's
 * TSC runs at the host's rate. Our guest kernels have neither HPET nor
 * ACPI's PM timer to calibrate it against, and calibrating against the
 * emulated PIT fails now and then under TCG ("Unable to calibrate against
 * PIT"), leaving the guest on jiffies: run.sh measures the rate here and
 * passes it as tsc_early_khz=.
 *
 * Three windows of 50 ms of CLOCK_MONOTONIC_RAW, the median of their
 * rates. Exit status 1, nothing printed, off x86 or when the windows
 * disagree by more than 1% (a host whose TSC does not run at a constant
 * rate).
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static double window_khz(void)
{
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	uint64_t t0 = now_ns(), c0 = __rdtsc(), t1, c1;

	nanosleep(&pause, NULL);
	c1 = __rdtsc();
	t1 = now_ns();
	return (double)(c1 - c0) * 1e6 / (double)(t1 - t0);
}

int main(void)
{
	double k[3], t;
	int i, j;

	for (i = 0; i < 3; i++)
		k[i] = window_khz();
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++)
			if (k[j] < k[i]) {
				t = k[i];
				k[i] = k[j];
				k[j] = t;
			}
	if (k[0] <= 0 || (k[2] - k[0]) / k[1] > 0.01)
		return 1;
	printf("%.0f\n", k[1]);
	return 0;
}
#else
int main(void)
{
	return 1;
}
#endif
