# selftests.mk - Linux's kernel selftests (tools/testing/selftests) on ushi
# and on Linux (included by the Makefile; see "Kernel selftests" in README.md).
#
#   make selftests          build them (cached in build/selftests), boot on ushi
#   make selftests-linux    the same initramfs on Debian's Linux kernel
#   make selftests-compare  both, case by case, side by side (runs what is missing)
#   make selftests-check    ushi's cases against tests/external/selftests.expect
#   make selftests-expect   rewrite tests/external/selftests.expect from the last make selftests
#
# The programs are those of tools/selftests/tests, from Debian's
# linux-source-6.1 (and mm/cow.c from linux-source-6.12).  A case is a TAP
# line of a program ("program:case"), or the program itself when it prints
# no TAP (tools/selftests/tap.sh).  SELFTESTS_TESTS="proc/self exec/execveat"
# runs only those programs; SELFTESTS_TEST_TIMEOUT (60 s a program: three hang
# on ushi), SELFTESTS_BOOT_TIMEOUT (1800 s a boot) and SELFTESTS_MEM (1G)
# bound the runs.  The runner, the boot, the comparison and the check are
# LTP's (tools/ltp/).  Every boot holds the QEMU lock.

SELFTESTS_DIR     := $(BUILD)/selftests
SELFTESTS_CPIO    := $(SELFTESTS_DIR)/initrd.cpio
SELFTESTS_RUNNER  := $(SELFTESTS_DIR)/runner
SELFTESTS_TESTS   ?=
SELFTESTS_EXPECT  := tests/external/selftests.expect
SELFTESTS_KERNEL  ?= $(KERNEL)
SELFTESTS_TEST_TIMEOUT ?= 60
export SELFTESTS_TEST_TIMEOUT
# libcap for clone3_cap_checkpoint_restore, bash-static as execveat's shell.
SELFTESTS_DEB_PKGS := libcap-dev bash-static xz-utils
# boot.sh's knobs are named after the suite.
SELFTESTS_BOOT := env SUITE=selftests bash tools/ltp/boot.sh

.PHONY: selftests-deps selftests-build selftests selftests-linux selftests-compare \
	selftests-check selftests-expect

$(SELFTESTS_RUNNER): tools/ltp/runner.c
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	@$(UCC) $(UCFLAGS) $< -o $@

selftests-deps: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(SELFTESTS_DEB_PKGS)"

# Always run: build.sh knows what is cached.
selftests-build: selftests-deps $(SELFTESTS_RUNNER)
	@sh tools/selftests/build.sh $(SELFTESTS_DIR) $(SELFTESTS_RUNNER)

# boot.sh's per-program verdicts, then tap.sh's cases.
selftests: selftests-build $(SELFTESTS_KERNEL)
	@flock /tmp/ushi-test.lock $(SELFTESTS_BOOT) ushi $(SELFTESTS_DIR) $(SELFTESTS_CPIO) $(SELFTESTS_KERNEL) $(SELFTESTS_TESTS)
	@sh tools/selftests/tap.sh $(SELFTESTS_DIR)/ushi.log $(SELFTESTS_DIR)/ushi.results > $(SELFTESTS_DIR)/ushi.cases
	@sh tools/selftests/count.sh ushi $(SELFTESTS_DIR)/ushi.cases

selftests-linux: selftests-build
	@vmlinuz=$$(sh tools/fetch-linux.sh $(LTP_LINUX_CACHE)) && \
	flock /tmp/ushi-test.lock $(SELFTESTS_BOOT) linux $(SELFTESTS_DIR) $(SELFTESTS_CPIO) $$vmlinuz $(SELFTESTS_TESTS)
	@sh tools/selftests/tap.sh $(SELFTESTS_DIR)/linux.log $(SELFTESTS_DIR)/linux.results > $(SELFTESTS_DIR)/linux.cases
	@sh tools/selftests/count.sh linux $(SELFTESTS_DIR)/linux.cases

selftests-compare:
	@[ -f $(SELFTESTS_DIR)/ushi.cases ] || $(MAKE) --no-print-directory selftests
	@[ -f $(SELFTESTS_DIR)/linux.cases ] || $(MAKE) --no-print-directory selftests-linux
	@sh tools/ltp/compare.sh $(SELFTESTS_DIR)/linux.cases $(SELFTESTS_DIR)/ushi.cases

# What CI runs: the suite on ushi, then no case may do worse than expected.
selftests-check: selftests
	@sh tools/ltp/check.sh $(SELFTESTS_EXPECT) $(SELFTESTS_DIR)/ushi.cases selftests-check

SELFTESTS_EXPECT_HEADER := \
  \# Kernel selftests expectations: the verdict ushi gives each case (pass, skip, fail).\n\
  \# make selftests-check fails when a case does worse (pass > skip > fail);\n\
  \# make selftests-expect rewrites this file from the last make selftests.\n
selftests-expect:
	@[ -f $(SELFTESTS_DIR)/ushi.cases ] || { echo "selftests-expect: run make selftests first"; exit 1; }
	@mkdir -p $(dir $(SELFTESTS_EXPECT))
	@{ printf '$(SELFTESTS_EXPECT_HEADER)' | sed 's/^ *//'; \
	  awk '{ v = tolower($$2); why = $$0; sub(/^[^ ]* [^ ]* ?/, "", why); \
	         printf "%-60s %s%s\n", $$1, v, why != "" ? "  # " why : "" }' $(SELFTESTS_DIR)/ushi.cases; \
	} > $(SELFTESTS_EXPECT)
	@echo "selftests-expect: wrote $(SELFTESTS_EXPECT) ($$(grep -c ' pass' $(SELFTESTS_EXPECT)) pass)"
