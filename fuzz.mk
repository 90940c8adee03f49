# fuzz.mk - `make fuzz`: a long system-call fuzzing campaign (user/fuzz.c).
#
#   make fuzz [SEED=n] [CALLS=n] [PROCS=n] [THREADS=n] [VERBOSE=1] [FUZZ_TIMEOUT=s] [FORK=odf]
#
# Boots an ISO whose init is the fuzzer, on the test kernel (built with
# -DUSHI_DEBUG, the invariant audits on, in build/debug/; see the
# Makefile), under the machine-wide
# QEMU lock.  The serial log is build/fuzz.log.  It passes when the
# fuzzer says PASS (its calls made, no hang, every frame back) and the
# kernel neither panicked nor hung.  A failure replays with the same SEED;
# PROCS=1 THREADS=1 VERBOSE=1 logs every call on the console first.

FUZZ_BUILD   := $(BUILD)/fuzz
SEED         ?= $(shell date +%s)
CALLS        ?= 1000000
PROCS        ?= 4
THREADS      ?= 3
VERBOSE      ?= 0
ONLY         ?= all
FUZZ_TIMEOUT ?= 3600
# More QEMU flags: FUZZ_QEMU="-gdb tcp::12345" lets gdb look at a hang.
FUZZ_QEMU    ?=

.PHONY: fuzz
fuzz: deps
	@$(MAKE) --no-print-directory $(DEBUG_KERNEL) $(BUILD)/user/fuzz
	@mkdir -p $(FUZZ_BUILD)
	@sh tools/mkinitramfs.sh $(FUZZ_BUILD)/initrd.cpio user $(BUILD)/user/fuzz
	@sh tools/mkiso.sh $(FUZZ_BUILD)/fuzz.iso $(DEBUG_KERNEL) $(FUZZ_BUILD)/initrd.cpio \
		"panic=-1$(if $(FORK), fork=$(FORK)) init=/bin/fuzz -- run $(SEED) $(CALLS) $(PROCS) $(THREADS) $(VERBOSE) $(ONLY)"
	@echo "fuzz: make fuzz SEED=$(SEED) CALLS=$(CALLS) PROCS=$(PROCS) THREADS=$(THREADS)$(if $(FORK), FORK=$(FORK)) (log: $(BUILD)/fuzz.log)"
	@( flock /tmp/ushi-test.lock timeout -k 5 $(FUZZ_TIMEOUT) $(QEMU) $(QFLAGS) -cdrom $(FUZZ_BUILD)/fuzz.iso $(FUZZ_QEMU) \
		-serial stdio -monitor none </dev/null; echo $$? > $(FUZZ_BUILD)/rc ) | stdbuf -oL tr -d '\r' | tee $(BUILD)/fuzz.log
	@rc=$$(cat $(FUZZ_BUILD)/rc); \
	if grep -q "Kernel panic" $(BUILD)/fuzz.log; then echo "fuzz: FAIL: kernel panic (seed $(SEED))"; exit 1; fi; \
	if [ "$$rc" = 124 ] || [ "$$rc" = 137 ]; then echo "fuzz: FAIL: no end after $(FUZZ_TIMEOUT) s (seed $(SEED))"; exit 1; fi; \
	grep -q "^fuzz: PASS" $(BUILD)/fuzz.log && [ "$$rc" = 1 ] || { echo "fuzz: FAIL (QEMU status $$rc, seed $(SEED))"; exit 1; }

# fuzz_short (a test) compiles user/fuzz.c into itself.
$(BUILD)/tests/fuzz_short: user/fuzz.c user/fuzz_names.inc
$(BUILD)/user/fuzz: user/fuzz_names.inc
