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
BENCH_ODF_ISO := $(BENCH_DIR)/ushi-bench-odf.iso

.PHONY: bench bench-tcg bench-smp bench-odf bench-icount bench-iso

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

# The same with fork=odf (docs/odf.md): ushi shares page tables at fork.
$(BENCH_ODF_ISO): $(KERNEL) $(BENCH_CPIO) tools/mkiso.sh
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $@ $(KERNEL) $(BENCH_CPIO) "rdinit=/bin/bench panic=-1 fork=odf"

bench-iso: deps
	@$(MAKE) --no-print-directory $(BENCH_ISO) $(BENCH_SMP_ISO) $(BENCH_ODF_ISO)

# One CPU under icount (the first table), ushi again with fork=odf beside
# those numbers (the third), then two CPUs under multi-threaded TCG (the
# second); each runs even if one before it fails.
bench: bench-iso
	@flock /tmp/ushi-test.lock sh -c 'rc=0; \
		bash bench/run.sh icount $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR) || rc=1; \
		bash bench/run.sh odf $(BENCH_ODF_ISO) $(BENCH_CPIO) $(BENCH_DIR) || rc=1; \
		bash bench/run.sh smp $(BENCH_SMP_ISO) $(BENCH_CPIO) $(BENCH_DIR) || rc=1; exit $$rc'

# Only the fork=odf table (the icount logs of the last make bench beside it).
bench-odf: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh odf $(BENCH_ODF_ISO) $(BENCH_CPIO) $(BENCH_DIR)

# Only the first table (one CPU under icount).
bench-icount: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh icount $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)

bench-smp: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh smp $(BENCH_SMP_ISO) $(BENCH_CPIO) $(BENCH_DIR)

bench-tcg: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh tcg $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)
