#!/bin/sh
# demos_linux.sh - the demos' checks hold on Linux too (the oracle).
#
# Runs the six demo programs of the tour (user/) natively on this host.  Their
# claims are Linux's behaviour, so every check must pass here as on ushi.
# Frame numbers need root (pagemap shows PFN 0 to others, kpagecount is
# root-only): without root, or without /proc/kpagecount, this says why
# and exits 77, which tests/host.sh counts as skipped.
set -e
# Before the cd: a user who cannot run this may not be able to reach the
# tree either (a checkout below a directory only root may enter).
if [ "$(id -u)" != 0 ] || ! [ -r /proc/kpagecount ]; then
	echo "needs root and /proc/kpagecount to read frame numbers"
	exit 77
fi
cd "$(dirname "$0")/../.."
demos="cowdemo odfdemo zeropage vforkdemo clonedemo threaddemo"
make -s $(for d in $demos; do echo build/user/$d; done) >/dev/null
fail=0
for d in $demos; do
	if out=$(timeout 60 "$PWD/build/user/$d" 2>&1); then
		echo "demos_linux: ok $d on Linux $(uname -r): $(echo "$out" | tail -1)"
	else
		echo "demos_linux: FAIL $d on Linux $(uname -r):"
		echo "$out" | sed 's/^/    /'
		fail=1
	fi
done
exit $fail
