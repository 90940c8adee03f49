# bench.mk - `make bench` and `make bench-tcg` (included by the Makefile).
#
# The benchmark (bench/bench.c) is built like a user program and packed
# as /bin/bench into its own initramfs; an ISO boots it on ushi, and
# bench/run.sh boots it on ushi and on Debian's Linux kernel and prints
# the table (see bench/README.md).  The QEMU lock keeps these runs from
# overlapping a test suite.

BENCH_DIR  := $(BUILD)/bench
BENCH_BIN  := $(BENCH_DIR)/bench
BENCH_CPIO := $(BENCH_DIR)/initrd.cpio
BENCH_ISO  := $(BENCH_DIR)/ushi-bench.iso
BENCH_SMP_ISO := $(BENCH_DIR)/ushi-bench-smp.iso

.PHONY: bench bench-tcg bench-smp bench-icount bench-iso

# ONLY=ushi: boot only ushi, Linux's column from the last full run
# (bench/run.sh); the table goes to build/bench/, not bench/results/.
export ONLY

$(BENCH_BIN): bench/bench.c bench/bench_smp.c bench/bench.h
	@mkdir -p $(dir $@)
	@echo "  MUSL    $@"
	@$(UCC) $(UCFLAGS) -pthread bench/bench.c bench/bench_smp.c -o $@

# The smoke test of `make test` is the benchmark in its smoke mode.
$(BUILD)/tests/bench_smoke: bench/bench.c bench/bench_smp.c bench/bench.h

$(BENCH_CPIO): $(BENCH_BIN) tools/mkinitramfs.sh
	@echo "  CPIO    $@"
	@sh tools/mkinitramfs.sh $@ user $(BENCH_BIN)

$(BENCH_ISO): $(KERNEL) $(BENCH_CPIO) tools/mkiso.sh
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $@ $(KERNEL) $(BENCH_CPIO) "rdinit=/bin/bench panic=-1"

# The same, with "-- --smp": init runs only the 2-CPU rows.
$(BENCH_SMP_ISO): $(KERNEL) $(BENCH_CPIO) tools/mkiso.sh
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $@ $(KERNEL) $(BENCH_CPIO) "rdinit=/bin/bench panic=-1 -- --smp"

bench-iso: deps
	@$(MAKE) --no-print-directory $(BENCH_ISO) $(BENCH_SMP_ISO)

# One CPU under icount (the first table), then two under multi-threaded
# TCG (the second); both run even if the first fails.
bench: bench-iso
	@flock /tmp/ushi-test.lock sh -c 'rc=0; \
		bash bench/run.sh icount $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR) || rc=1; \
		bash bench/run.sh smp $(BENCH_SMP_ISO) $(BENCH_CPIO) $(BENCH_DIR) || rc=1; exit $$rc'

# Only the first table (one CPU under icount).
bench-icount: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh icount $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)

bench-smp: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh smp $(BENCH_SMP_ISO) $(BENCH_CPIO) $(BENCH_DIR)

bench-tcg: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh tcg $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)
