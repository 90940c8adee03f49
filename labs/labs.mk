# labs.mk - `make lab`, `make grade` and `make labs-check` (included by
# the Makefile; the teacher's page is docs/labs.md).
#
# A lab is labs/NAME/: LAB.md (the handout), grade (TEST POINTS
# DESCRIPTION lines) and stubs.c (the start of each marked region of the
# kernel).  tools/lab.py writes the student tree and scores a test log.
# A student tree holds only its own lab, which is then LAB's default.

LABS_ALL := $(notdir $(patsubst %/grade,%,$(wildcard labs/*/grade)))
LAB ?= $(if $(filter 1,$(words $(LABS_ALL))),$(LABS_ALL))
LAB_TESTS = $(shell python3 tools/lab.py tests $(LAB))
# The grading run holds only the graded tests: a fresh student tree
# builds a few test programs, not all of them.
LAB_TEST_BINS = $(addprefix $(BUILD)/tests/,$(LAB_TESTS))
# A hung kernel costs this long, then what did not run scores 0.
GRADE_TIMEOUT ?= 300
# Grading boots at least two CPUs: a graded test that needs two would
# skip on one, and a skip scores nothing.
GRADE_CPUS = $(if $(filter 1,$(CPUS)),2,$(CPUS))
LABS_CHECK_DIR := $(BUILD)/labs-check

.PHONY: lab grade labs-check

lab:
	@[ -n "$(LAB)" ] || { echo "make lab: LAB=name, one of: $(LABS_ALL)"; exit 2; }
	@python3 tools/lab.py make $(LAB) $(BUILD)/labs/$(LAB)

# Builds the test kernel and the graded tests, boots them under the QEMU
# lock (the log goes to $(BUILD)/test.log, not the terminal), and scores
# each lab of LAB from the one log.  A build that fails scores 0.
grade: deps
	@[ -n "$(LAB)" ] || { echo "make grade: LAB=name, one of: $(LABS_ALL)"; exit 2; }
	@python3 tools/lab.py tests $(LAB) >/dev/null
	@mkdir -p $(BUILD)
	@rm -f $(BUILD)/test.log
	@echo "grade: building the test kernel and the tests of $(LAB) (log: $(BUILD)/grade-build.log)"
	@if $(MAKE) --no-print-directory -j$$(nproc) TESTS="$(LAB_TEST_BINS)" $(TEST_NEEDS) \
			> $(BUILD)/grade-build.log 2>&1; then \
		echo "grade: booting them (log: $(BUILD)/test.log)"; \
		sh tools/qemu-lock.sh $(MAKE) --no-print-directory test-locked TESTS="$(LAB_TEST_BINS)" \
			T="$(LAB_TESTS)" TEST_TIMEOUT=$(GRADE_TIMEOUT) CPUS=$(GRADE_CPUS) > $(BUILD)/grade-boot.log 2>&1; \
		grep -E "^(suite:|judge:)" $(BUILD)/grade-boot.log; \
	else \
		tail -n 30 $(BUILD)/grade-build.log; echo "grade: the build failed: nothing runs"; \
		echo "grade: the build failed" > $(BUILD)/test.log; \
	fi
	@rc=0; for l in $(LAB); do python3 tools/lab.py score $$l $(BUILD)/test.log || rc=1; done; exit $$rc

# CI: the markers and stubs agree; the full tree scores 100 in every lab
# (one boot for all); each lab's student tree builds, boots and scores
# below 100 - a score line must be there, so a grader that crashed fails -
# and its run ends as labs/NAME/grade expects (the tests run, unless it
# says "expect-stub: panics"), so a stub broken by a kernel change fails.
labs-check: deps
	@python3 tools/lab.py check
	@$(MAKE) --no-print-directory grade LAB="$(LABS_ALL)"
	@rm -rf $(LABS_CHECK_DIR)
	@for l in $(LABS_ALL); do \
		python3 tools/lab.py make $$l $(LABS_CHECK_DIR)/$$l >/dev/null || exit 1; \
		$(MAKE) --no-print-directory -C $(LABS_CHECK_DIR)/$$l grade LAB=$$l BUILD=build \
			> $(LABS_CHECK_DIR)/$$l.log 2>&1; rc=$$?; \
		score=$$(sed -n 's|^Score: \([0-9]*\)/100$$|\1|p' $(LABS_CHECK_DIR)/$$l.log); \
		echo "labs-check: the student tree of $$l scores $${score:-nothing} (make grade status $$rc)"; \
		if [ -z "$$score" ] || [ "$$score" -ge 100 ] || [ $$rc = 0 ]; then \
			cat $(LABS_CHECK_DIR)/$$l.log; echo "labs-check: lab $$l's stub must score below 100"; exit 1; \
		fi; \
		python3 tools/lab.py stubcheck $$l $(LABS_CHECK_DIR)/$$l/build/test.log || exit 1; \
	done
	@echo "labs-check: every lab scores 100 solved and below 100 as handed out"
