#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_test: `make install`, `make uninstall` and `make dkms`
# (tools/install.sh), staged under DESTDIR so that the machine is left as
# it was. tools/dkms.conf's PACKAGE_VERSION is the module's version; a staged
# install puts synclab.ko, built against Debian's installed headers
# (linux-headers-amd64) through kbuild's modules_install, into
# lib/modules/RELEASE/extra/ with RELEASE its vermagic's, carrying
# MODULE_VERSION and the UAPI's ABI, and the CLI and its qsbr build into
# PREFIX/bin; uninstall removes exactly those; make dkms stages the
# sources DKMS builds from and nothing else; no headers, or no root, is
# refused in one line. (A real `dkms build` takes half a minute and writes
# /var/lib/dkms: README says how it was checked.) KTAP on stdout.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
cd "$top" || exit 1
n=0
uapi=kmod/uapi/synclab.h
version=$(awk '$2 == "SYNCLAB_VERSION_MAJOR" { M = $3 } $2 == "SYNCLAB_VERSION_MINOR" { m = $3 }
	END { print M "." m }' "$uapi")
abi=$(awk '$2 == "SYNCLAB_ABI" { print $3 }' "$uapi")
# Debian's headers, whatever kernel runs: the linux-headers-amd64 one
kdir=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)

echo "TAP version 13"
echo "1..6"

. "$here/ktap.sh"

if grep -q "^PACKAGE_VERSION=\"$version\"$" tools/dkms.conf &&
	grep -q '^BUILT_MODULE_NAME\[0\]="synclab"$' tools/dkms.conf; then
	result OK "tools/dkms.conf: package synclab $version, the UAPI's version"
else
	result FAIL "tools/dkms.conf: package synclab $version, the UAPI's version" "$(grep -E 'PACKAGE|BUILT' tools/dkms.conf)"
fi

if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
	result SKIP "make install (staged): module in extra/, CLI in bin/" "no Debian headers (make deps)"
	result SKIP "make uninstall (staged): all three removed" "no Debian headers (make deps)"
else
	make -s install KDIR="$kdir" DESTDIR="$tmp/root" PREFIX=/usr/local \
		>"$tmp/install.out" 2>"$tmp/install.err"
	rc=$?
	ko=$(find "$tmp/root/lib/modules" -name synclab.ko 2>/dev/null)
	rel=$(modinfo -F vermagic "$ko" 2>/dev/null | awk '{ print $1 }')
	if [ "$rc" -eq 0 ] && [ "$ko" = "$tmp/root/lib/modules/$rel/extra/synclab.ko" ] &&
		[ "$(modinfo -F version "$ko")" = "$version" ] &&
		[ "$(modinfo -F synclab_abi "$ko")" = "$abi" ] &&
		[ -x "$tmp/root/usr/local/bin/synclab" ] &&
		[ -x "$tmp/root/usr/local/bin/synclab-qsbr" ]; then
		result OK "make install (staged, $rel): extra/synclab.ko $version abi $abi, bin/synclab, bin/synclab-qsbr"
	else
		result FAIL "make install (staged): module in extra/, CLI in bin/" \
			"rc $rc, ko '$ko', rel '$rel'; $(tail -n 5 "$tmp/install.err")"
	fi
	make -s uninstall RELEASE="$rel" DESTDIR="$tmp/root" PREFIX=/usr/local \
		>"$tmp/uninstall.out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ -z "$(find "$tmp/root" -type f)" ] &&
		[ "$(grep -c '^install: removed' "$tmp/uninstall.out")" -eq 3 ]; then
		result OK "make uninstall (staged): all three removed, nothing else there"
	else
		result FAIL "make uninstall (staged): all three removed, nothing else there" \
			"rc $rc; $(cat "$tmp/uninstall.out"); left: $(find "$tmp/root" -type f)"
	fi
fi

make -s dkms DESTDIR="$tmp/dkms" >"$tmp/dkms.out" 2>&1
rc=$?
src=$tmp/dkms/usr/src/synclab-$version
want=$( (echo dkms.conf; echo Kbuild; find kmod -type f) | sort)
got=$( (cd "$src" 2>/dev/null && find . -type f | sed 's|^\./||') | sort)
if [ "$rc" -eq 0 ] && [ "$got" = "$want" ]; then
	result OK "make dkms (staged): /usr/src/synclab-$version holds dkms.conf, Kbuild and kmod/ only"
else
	result FAIL "make dkms (staged): /usr/src/synclab-$version holds dkms.conf, Kbuild and kmod/ only" \
		"rc $rc; $(cat "$tmp/dkms.out")"
fi

make -s install KDIR="$tmp/no-headers" DESTDIR="$tmp/root2" >/dev/null 2>"$tmp/nokdir.err"
rc=$?
if [ "$rc" -ne 0 ] && grep -q "install: no kernel build tree at $tmp/no-headers" "$tmp/nokdir.err" &&
	[ ! -e "$tmp/root2" ]; then
	result OK "no headers: refused in one line, nothing installed"
else
	result FAIL "no headers: refused in one line, nothing installed" "$(cat "$tmp/nokdir.err")"
fi

if [ "$(id -u)" -ne 0 ]; then
	make -s install >/dev/null 2>"$tmp/nonroot.err"
	rc=$? how="unprivileged"
elif why=$(ktap_nobody_blocked "$top"); [ -z "$why" ]; then
	setpriv --reuid=65534 --regid=65534 --clear-groups make -s install >/dev/null 2>"$tmp/nonroot.err"
	rc=$? how="nobody, via setpriv"
else
	rc= how=
fi
if [ -z "$how" ]; then
	result SKIP "not root: make install refused" "$why"
elif [ "$rc" -ne 0 ] && grep -q "make install writes to /lib/modules and /usr/local: run it as root" "$tmp/nonroot.err"; then
	result OK "not root ($how): make install refused in one line"
else
	result FAIL "not root ($how): make install refused in one line" "$(cat "$tmp/nonroot.err")"
fi
