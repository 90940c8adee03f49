#!/bin/sh
# host.sh - the host-side checks, after the QEMU suite, and the verdict.
#
# Runs every tests/host/NAME.sh (each exits 0 on success; each takes the
# machine-wide QEMU lock itself if it boots QEMU), prints one TAP-like
# line per script, then adds the QEMU suite's counts (build/suite.result,
# written by tests/boot.sh) and ends with "N passed, N failed".
pass=0 fail=0
if [ -r build/suite.result ]; then
	read spass sfail < build/suite.result
else
	spass=0 sfail=1
	echo "host.sh: no result from the QEMU suite (build/suite.result)"
fi
for t in tests/host/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	echo "# host: $name"
	if sh "$t" > "build/host-$name.log" 2>&1; then
		echo "ok - host/$name"
		pass=$((pass + 1))
	else
		echo "not ok - host/$name (log: build/host-$name.log)"
		sed 's/^/    /' "build/host-$name.log" | tail -20
		fail=$((fail + 1))
	fi
done
echo "$((spass + pass)) passed, $((sfail + fail)) failed"
[ $((sfail + fail)) -eq 0 ]
