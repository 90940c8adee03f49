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

.PHONY: bench bench-tcg bench-iso

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

bench-iso: deps
	@$(MAKE) --no-print-directory $(BENCH_ISO)

bench: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh icount $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)

bench-tcg: bench-iso
	@flock /tmp/ushi-test.lock bash bench/run.sh tcg $(BENCH_ISO) $(BENCH_CPIO) $(BENCH_DIR)
