# coverage.mk - `make coverage`: which kernel lines the QEMU suite runs.
#
#   make coverage [T="name ..."] [COV_TIMEOUT=s]
#
# Builds the test kernel again in build/cov/ with gcc's -fprofile-arcs
# -ftest-coverage and kernel/gcov.c (-DUSHI_GCOV), boots it with the test
# initramfs under the machine-wide QEMU lock, and at power-off the kernel
# writes its counters on a second serial port (build/cov/gcov.txt).
# tools/gcov-extract.py turns them into .gcda files next to the .gcno
# files, Debian's lcov and genhtml draw build/coverage/index.html, and
# tools/coverage-report.py prints the line coverage of kernel/, mm/ and
# fs/ and the functions with the most lines never run.

COV_BUILD   := $(BUILD)/cov
COV_KERNEL  := $(COV_BUILD)/ushi.elf
COV_HTML    := $(BUILD)/coverage
COV_TIMEOUT ?= 1200
# KCOV (the Makefile, COVERAGE=1) instruments every object but the runtime
# itself: a counter in the code that writes the counters would change under it.
$(BUILD)/k/kernel/gcov.c.o: KCOV :=

.PHONY: coverage
$(COV_KERNEL): FORCE
	@$(MAKE) --no-print-directory BUILD=$(COV_BUILD) COVERAGE=1 KDEFS="-DUSHI_DEBUG -DUSHI_GCOV $(KDEFS)" $@

coverage: deps
	@$(MAKE) --no-print-directory deps DEB_PKGS=lcov
	@$(MAKE) --no-print-directory $(COV_KERNEL) $(BUILD)/initrd-test.cpio || { echo "coverage: build failed"; exit 1; }
	@find $(COV_BUILD) -name '*.gcda' -delete
	@rm -f $(COV_BUILD)/gcov.txt $(COV_BUILD)/console.log
	@echo "coverage: booting the suite on $(COV_KERNEL) (console: $(COV_BUILD)/console.log)"
	@sh tools/qemu-lock.sh sh -c '\
	timeout -k 5 $(COV_TIMEOUT) $(QEMU) $(QFLAGS) -kernel $(COV_KERNEL) -initrd $(BUILD)/initrd-test.cpio \
		-append "panic=-1 init=/bin/runner -- -k /tests $(T)" -monitor none \
		-serial file:$(COV_BUILD)/console.log -serial file:$(COV_BUILD)/gcov.txt </dev/null; \
	echo "coverage: QEMU exit status $$?"'
	@echo "coverage: $$(grep -c '^ok ' $(COV_BUILD)/console.log) tests ok, $$(grep -c '^not ok ' $(COV_BUILD)/console.log) not ok"
	@python3 tools/gcov-extract.py $(COV_BUILD)/gcov.txt
	@rm -rf $(COV_HTML) && mkdir -p $(COV_HTML)
	@# (lcov 1.16 on Debian 12's perl warns of subroutines redefined: noise)
	@lcov --quiet --capture --directory $(COV_BUILD)/k --base-directory . --no-external \
		--output-file $(COV_HTML)/ushi.info 2>$(COV_HTML)/lcov.err || { cat $(COV_HTML)/lcov.err; exit 1; }
	@grep -v 'redefined at' $(COV_HTML)/lcov.err >&2 || true
	@genhtml --quiet --title "ushi: lines the QEMU suite runs" --output-directory $(COV_HTML) \
		$(COV_HTML)/ushi.info
	@python3 tools/coverage-report.py $(COV_HTML)/ushi.info
	@echo "coverage: $(COV_HTML)/index.html"
