# ltp.mk - the Linux Test Project's system-call tests on ushi and on Linux
# (included by the Makefile; see "LTP" in README.md).
#
#   make ltp          build LTP (cached in build/ltp), boot it on ushi
#   make ltp-linux    the same initramfs on Debian's Linux kernel
#   make ltp-compare  both verdicts side by side (runs what is missing)
#   make ltp-check    ushi's verdicts against tests/external/ltp.expect
#   make ltp-expect   rewrite tests/external/ltp.expect from the last make ltp
#
# LTP_SRC= a source tree or tarball (default: ../shared/ltp's pinned
# tarball, else a clone of upstream at the pinned commit); LTP_TESTS="a b"
# runs only those tests; LTP_DIRS="fork pipe" builds only those
# directories; LTP_TEST_TIMEOUT (120 s a test), LTP_BOOT_TIMEOUT (1800 s
# a boot) and LTP_MEM (1G) bound the runs.  Every boot holds the QEMU lock.

LTP_DIR     := $(BUILD)/ltp
LTP_CPIO    := $(LTP_DIR)/initrd.cpio
LTP_RUNNER  := $(LTP_DIR)/ltp-runner
LTP_SRC     ?=
LTP_TESTS   ?=
LTP_EXPECT  := tests/external/ltp.expect
# LTP_KERNEL=$(DEBUG_KERNEL) runs the suite on the test kernel, its
# invariant audits on (slower).
LTP_KERNEL  ?= $(KERNEL)
LTP_LINUX_CACHE := $(BUILD)/bench/linux
LTP_DEB_PKGS := autoconf automake m4 pkg-config xz-utils git

.PHONY: ltp-deps ltp-build ltp ltp-linux ltp-compare ltp-check ltp-expect

$(LTP_RUNNER): tools/ltp/runner.c
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	@$(UCC) $(UCFLAGS) $< -o $@

# LTP's autotools: only these targets need them, not make test.
ltp-deps: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(LTP_DEB_PKGS)"

# Always run: build.sh knows what is cached (the source by its hash, make the rest).
ltp-build: ltp-deps $(LTP_RUNNER)
	@sh tools/ltp/build.sh $(LTP_DIR) $(LTP_RUNNER) $(LTP_SRC)

ltp: ltp-build $(LTP_KERNEL)
	@flock /tmp/ushi-test.lock bash tools/ltp/boot.sh ushi $(LTP_DIR) $(LTP_CPIO) $(LTP_KERNEL) $(LTP_TESTS)

ltp-linux: ltp-build
	@vmlinuz=$$(sh tools/fetch-linux.sh $(LTP_LINUX_CACHE)) && \
	flock /tmp/ushi-test.lock bash tools/ltp/boot.sh linux $(LTP_DIR) $(LTP_CPIO) $$vmlinuz $(LTP_TESTS)

# Boots only the kernels whose results are missing: `make ltp ltp-linux`
# first to measure again.
ltp-compare:
	@[ -f $(LTP_DIR)/ushi.results ] || $(MAKE) --no-print-directory ltp
	@[ -f $(LTP_DIR)/linux.results ] || $(MAKE) --no-print-directory ltp-linux
	@sh tools/ltp/compare.sh $(LTP_DIR)/linux.results $(LTP_DIR)/ushi.results

# What CI runs: the suite on ushi, then no test may do worse than expected.
ltp-check: ltp
	@sh tools/ltp/check.sh $(LTP_EXPECT) $(LTP_DIR)/ushi.results

# Rewrites the expectations from the last `make ltp`: after a fix, so
# that what passes now must keep passing.
LTP_EXPECT_HEADER := \
  \# LTP expectations: the verdict ushi gives each test (pass, skip, fail).\n\
  \# make ltp-check fails when a test does worse (pass > skip > fail);\n\
  \# make ltp-expect rewrites this file from the last make ltp.\n
ltp-expect:
	@[ -f $(LTP_DIR)/ushi.results ] || { echo "ltp-expect: run make ltp first"; exit 1; }
	@mkdir -p $(dir $(LTP_EXPECT))
	@{ printf '$(LTP_EXPECT_HEADER)' | sed 's/^ *//'; \
	  awk '{ v = tolower($$2); why = $$0; sub(/^[^ ]* [^ ]* ?/, "", why); \
	         printf "%-28s %s%s\n", $$1, v, why != "" ? "  # " why : "" }' $(LTP_DIR)/ushi.results; \
	} > $(LTP_EXPECT)
	@echo "ltp-expect: wrote $(LTP_EXPECT) ($$(grep -c ' pass' $(LTP_EXPECT)) pass)"
