#!/bin/bash
# run.sh icount|tcg|smp USHI_ISO INITRD [OUTDIR]
#
# Boots the benchmark (bench/bench.c, init of INITRD) on ushi (USHI_ISO,
# through GRUB) and on Debian's Linux kernel, in the same QEMU with the
# same flags, and prints one table: metric, Linux, ushi, ushi/Linux.
#
#   icount  one CPU; the guest TSC counts guest instructions (-icount
#           shift=0): repeatable numbers on a busy machine.  The boot
#           time row ("QEMU start to the benchmark's first line", wall
#           clock) is then measured in separate plain-TCG boots that stop
#           at that line (BOOT_RUNS of each kernel, the median).
#   tcg     one CPU, everything under plain TCG: TSC and boot time are
#           wall clock.
#   smp     two CPUs under multi-threaded TCG (-smp 2 -accel
#           tcg,thread=multi; icount would run them on one host thread),
#           `bench --smp`: the 2-CPU rows in wall ns.  USHI_ISO must pass
#           "-- --smp" to init; Linux gets it on its command line here.
#   odf     one CPU under icount, ushi only, booted with fork=odf (USHI_ISO
#           must say so): the table has Linux's and classic ushi's columns
#           from the icount run just before (OUTDIR's logs) beside it.
#
# Linux comes from this Debian release's linux-image-*-amd64 package:
# `apt-get download` and `dpkg -x` into build/bench/linux (a cache, never
# installed).  Logs go to OUTDIR (build/bench), the table with the kernel
# versions and the date to bench/results/.  Exits non-zero when a boot
# fails or the benchmark reports a failure.  The caller holds the QEMU
# lock (/tmp/ushi-test.lock): one QEMU at a time.
#
# ONLY=ushi (a quick loop while tuning ushi): boots only ushi, once,
# takes Linux's column from the last full run's log in OUTDIR, leaves
# the boot row out and writes the table to OUTDIR/MODE-ushi-only.txt,
# never to bench/results/.  USHI_QEMU_EXTRA (with ONLY=ushi) adds QEMU
# options to that boot, e.g. "-d in_asm,exec,nochain -dfilter RANGE -D
# FILE" to count the instructions each kernel function runs.
set -eu
mode=$1 iso=$2 initrd=$3 out=${4:-build/bench}
case $mode in icount|tcg|smp|odf) ;; *) echo "usage: $0 icount|tcg|smp|odf ISO INITRD [OUTDIR]" >&2; exit 2 ;; esac
QEMU=${QEMU:-qemu-system-x86_64}
MEM=${BENCH_MEM:-1G}
CPU=${BENCH_CPU:-max}
LIMIT=${BENCH_TIMEOUT:-1500}    # seconds per full boot
BOOT_RUNS=${BOOT_RUNS:-3}
cache=$out/linux
ONLY=${ONLY:-}
case $ONLY in ''|ushi) ;; *) echo "$0: ONLY=ushi or nothing" >&2; exit 2 ;; esac
mkdir -p "$out" "$cache" bench/results

# ---- Debian's kernel ----------------------------------------------------------
vmlinuz=$(sh tools/fetch-linux.sh "$cache")
linux_pkg_version=$(dpkg-deb -f "$cache"/*.deb Version 2>/dev/null || echo "?")

# ---- the machine ------------------------------------------------------------------
smp=(-smp 1)
[ "$mode" = smp ] && smp=(-smp 2 -accel tcg,thread=multi)
common=(-m "$MEM" -cpu "$CPU" "${smp[@]}" -no-reboot -display none -monitor none -serial stdio
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -rtc base=2026-01-01,clock=vm)
icount=(-icount shift=0,sleep=off)
linux_cmdline="rdinit=/bin/bench console=ttyS0 panic=-1 quiet transparent_hugepage=never nokaslr norandmaps randomize_kstack_offset=off init_on_alloc=0"
[ "$mode" = smp ] && linux_cmdline="$linux_cmdline -- --smp"
ushi_args=(-cdrom "$iso")       # the ISO's grub.cfg: rdinit=/bin/bench panic=-1
linux_args=(-kernel "$vmlinuz" -initrd "$initrd" -append "$linux_cmdline")

# boot LOG FIRSTFILE STOP_AT_FIRST QEMU-ARGS...
# Runs QEMU, copies its serial output to LOG, writes the seconds from the
# start to the first "bench: " line into FIRSTFILE; with STOP_AT_FIRST=1
# QEMU is stopped right there.  Returns QEMU's exit status.
boot() {
	local log=$1 firstfile=$2 stop=$3 fd pid line first= start
	shift 3
	: > "$log"
	start=$EPOCHREALTIME
	exec {fd}< <(exec timeout -k 5 "$LIMIT" "$QEMU" "$@" </dev/null 2>&1)
	pid=$!
	while IFS= read -r -u "$fd" line; do
		line=${line%$'\r'}
		printf '%s\n' "$line" >> "$log"
		if [ -z "$first" ] && [[ $line == "bench: "* ]]; then
			first=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
			if [ "$stop" = 1 ]; then
				kill "$pid" 2>/dev/null || true
			fi
		fi
	done
	exec {fd}<&-
	local rc=0
	wait "$pid" || rc=$?
	echo "${first:-none}" > "$firstfile"
	return $rc
}

# full NAME QEMU-ARGS...: the whole benchmark on one kernel.
full() {
	local name=$1 rc=0
	shift
	echo "bench: booting $name ($mode)" >&2
	boot "$out/$name-$mode.log" "$out/$name-$mode.first" 0 "$@" || rc=$?
	if ! grep -q '^bench: done, status 0$' "$out/$name-$mode.log"; then
		echo "bench: $name: the benchmark did not finish cleanly (QEMU status $rc); last lines of $out/$name-$mode.log:" >&2
		tail -n 15 "$out/$name-$mode.log" >&2
		return 1
	fi
}

# boot_time NAME QEMU-ARGS...: median over BOOT_RUNS plain-TCG boots.
boot_time() {
	local name=$1 i t=()
	shift
	for ((i = 0; i < BOOT_RUNS; i++)); do
		boot "$out/$name-boot.log" "$out/$name-boot.first" 1 "$@" || true
		t+=("$(cat "$out/$name-boot.first")")
	done
	printf '%s\n' "${t[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' \
		> "$out/$name-$mode.boot"
	echo "bench: $name boot times (s): ${t[*]}" >&2
}

status=0
# fork=odf: ushi alone under icount, then one table of three columns.
if [ "$mode" = odf ]; then
	for k in linux ushi; do
		[ -f "$out/$k-icount.log" ] || { echo "bench: odf needs $out/$k-icount.log (run.sh icount first)" >&2; exit 2; }
	done
	full ushi "${common[@]}" "${icount[@]}" "${ushi_args[@]}" || status=1
	rows() { grep -E '^[A-Za-z0-9_]+ [0-9.]+ [A-Za-z/]+$' "$1" 2>/dev/null || true; }
	result=bench/results/$(date -u +%Y-%m-%d)-odf.txt
	{
		echo "# ushi fork=odf vs fork=classic vs Linux, icount, $(date -u +%Y-%m-%dT%H:%MZ)"
		echo "# Linux and classic: $out/linux-icount.log, $out/ushi-icount.log (the same make bench)"
		echo "# ushi: commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet HEAD -- boot kernel mm fs include 2>/dev/null || echo ' + local changes')"
		echo "# $("$QEMU" --version | head -n 1); -m $MEM -cpu $CPU ${smp[*]} -icount shift=0,sleep=off"
		echo "# cyc: guest instructions; ratios: classic/Linux, odf/Linux, odf/classic"
		awk '
			FILENAME == ARGV[1] { lv[$1] = $2; next }
			FILENAME == ARGV[2] { cv[$1] = $2; next }
			                    { ov[$1] = $2; unit[$1] = $3; order[++n] = $1 }
			function ratio(a, b) { return (b > 0 && a != "") ? sprintf("%.3f", a / b) : "-" }
			END {
				printf "%-28s %12s %12s %12s %8s %8s %8s\n", "metric", "Linux", "classic", "odf",
					"cl/Linux", "odf/Lin", "odf/cl"
				for (i = 1; i <= n; i++) {
					k = order[i]
					if (unit[k] == "MHz")
						continue
					printf "%-28s %12s %12s %12s %8s %8s %8s  %s\n", k, (k in lv) ? lv[k] : "-",
						(k in cv) ? cv[k] : "-", ov[k], ratio(cv[k], lv[k]), ratio(ov[k], lv[k]),
						ratio(ov[k], cv[k]), unit[k]
				}
			}' <(rows "$out/linux-icount.log") <(rows "$out/ushi-icount.log") <(rows "$out/ushi-odf.log")
	} > "$result"
	cat "$result"
	echo "bench: saved $result; logs in $out" >&2
	exit $status
fi
if [ "$ONLY" = ushi ]; then
	[ -f "$out/linux-$mode.log" ] || { echo "bench: ONLY=ushi needs $out/linux-$mode.log from a full run" >&2; exit 2; }
	clock=()
	[ "$mode" = icount ] && clock=("${icount[@]}")
	full ushi "${common[@]}" "${clock[@]}" "${ushi_args[@]}" ${USHI_QEMU_EXTRA:-} || status=1
	echo none > "$out/linux-$mode.boot"
	echo none > "$out/ushi-$mode.boot"
elif [ "$mode" = icount ]; then
	full linux "${common[@]}" "${icount[@]}" "${linux_args[@]}" || status=1
	full ushi "${common[@]}" "${icount[@]}" "${ushi_args[@]}" || status=1
	boot_time linux "${common[@]}" "${linux_args[@]}"
	boot_time ushi "${common[@]}" "${ushi_args[@]}"
else
	full linux "${common[@]}" "${linux_args[@]}" || status=1
	full ushi "${common[@]}" "${ushi_args[@]}" || status=1
	cp "$out/linux-$mode.first" "$out/linux-$mode.boot"
	cp "$out/ushi-$mode.first" "$out/ushi-$mode.boot"
fi
boot_row=1
[ "$mode" = smp ] || [ "$ONLY" = ushi ] && boot_row=0     # two CPUs: the same boots, nothing new to time

# ---- the table ------------------------------------------------------------------------
kernel_line() { sed -n 's/^bench: \([A-Za-z]* [^,]*\), .*/\1/p' "$1" | head -n 1; }
rows() { grep -E '^[A-Za-z0-9_]+ [0-9.]+ [A-Za-z/]+$' "$1" 2>/dev/null || true; }
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
result=bench/results/$(date -u +%Y-%m-%d)-$mode.txt
[ "$ONLY" = ushi ] && result=$out/$mode-ushi-only.txt
{
	if [ "$mode" = smp ]; then
		echo "# ushi vs Linux, 2 CPUs, wall time under multi-threaded TCG, $stamp"
	else
		echo "# ushi vs Linux, $mode, $stamp"
	fi
	echo "# Linux: $(kernel_line "$out/linux-$mode.log") (Debian package $linux_pkg_version)"
	echo "# ushi:  $(kernel_line "$out/ushi-$mode.log"), commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)$(git diff --quiet HEAD -- boot kernel mm fs include 2>/dev/null || echo ' + local changes')"
	echo "# $("$QEMU" --version | head -n 1); -m $MEM -cpu $CPU ${smp[*]}$([ "$mode" = icount ] && echo ' -icount shift=0,sleep=off')"
	if [ "$mode" = smp ]; then
		echo "# ns: wall nanoseconds (CLOCK_MONOTONIC), median of the runs; x: a speed-up"
		for k in linux ushi; do         # what the benchmark noted (one CPU only, the TSC)
			sed -n "s/^bench: note: /# $k note: /p" "$out/$k-$mode.log"
		done
	else
		echo "# cyc: TSC cycles (under icount: guest instructions); boot: wall seconds under plain TCG"
	fi
	awk -v lb="$(cat "$out/linux-$mode.boot")" -v ub="$(cat "$out/ushi-$mode.boot")" -v boot_row=$boot_row '
		!($1 in seen)        { order[++n] = $1; seen[$1] = 1 }
		FILENAME == ARGV[1]  { lv[$1] = $2; unit[$1] = $3; next }
		                     { uv[$1] = $2; unit[$1] = $3 }
		function ratio(u, l) { return (l > 0 && u != "") ? sprintf("%.2f", u / l) : "-" }
		END {
			printf "%-28s %14s %14s %8s\n", "metric", "Linux", "ushi", "ushi/Linux"
			for (i = 1; i <= n; i++) {
				k = order[i]
				if (unit[k] == "MHz")
					continue
				printf "%-28s %14s %14s %8s  %s\n", k, (k in lv) ? lv[k] : "-", (k in uv) ? uv[k] : "-",
					ratio(uv[k], lv[k]), unit[k]
			}
			if (boot_row)
				printf "%-28s %14s %14s %8s  %s\n", "boot_to_first_line", lb, ub,
					(lb != "none" && ub != "none") ? ratio(ub, lb) : "-", "s"
		}' <(rows "$out/linux-$mode.log") <(rows "$out/ushi-$mode.log")
} > "$result"
cat "$result"
echo "bench: saved $result; logs in $out" >&2
exit $status
