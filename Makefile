# ushi - build, boot and test.  `make help` lists the targets.

BUILD    := build
KERNEL   := $(BUILD)/ushi.elf
ISO      := $(BUILD)/ushi.iso
TEST_ISO := $(BUILD)/ushi-test.iso
# Test builds: the same sources with -DUSHI_DEBUG, the kernel checking its
# own invariants (mm/debug.c); make test and make fuzz boot this one.
DEBUG_KERNEL := $(BUILD)/debug/ushi.elf

# V=1 prints every command instead of its one-line summary.
V ?= 0
ifeq ($(V),1)
Q   :=
say := @true
else
Q   := @
say := @echo
endif

# Build paths never reach the outputs, and every date in them is the
# commit's (tools/mkinitramfs.sh, tools/mkiso.sh): the same commit gives the
# same bytes in any directory (tests/host/reproducible.sh checks it).
PREFIX_MAP := -ffile-prefix-map=$(CURDIR)=.
SOURCE_DATE_EPOCH ?= $(or $(shell git log -1 --format=%ct 2>/dev/null),1700000000)
export SOURCE_DATE_EPOCH

# ---- the kernel: freestanding C11, no SSE, linked in the top 2 GiB -------
CC       := gcc
# The coverage kernel's objects count their arcs (coverage.mk, kernel/gcov.c).
KCOV     := $(if $(COVERAGE),-fprofile-arcs -ftest-coverage -fprofile-update=single)
KCFLAGS  := -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
            -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -mno-sse -mno-mmx \
            -mno-80387 -fno-omit-frame-pointer -fno-strict-aliasing \
            -fno-asynchronous-unwind-tables -Wall -Wextra -Wmissing-prototypes -Werror -g -O2 $(PREFIX_MAP) \
            -nostdinc -isystem $(shell $(CC) -print-file-name=include) -Iinclude $(KDEFS)
KLDFLAGS := -Wl,--build-id=none -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack -T linker.ld

KSRC := $(wildcard boot/*.S kernel/*.S kernel/*.c mm/*.c fs/*.c ipc/*.c) vdso/vma.c vdso/vdso-image.S
KOBJ := $(patsubst %,$(BUILD)/k/%.o,$(KSRC))

# ---- user space: ordinary static x86-64 Linux programs, built with musl ----
UCC      := musl-gcc
UCFLAGS  := -static -O2 -g -Wall -Wextra -Werror -std=gnu11 $(PREFIX_MAP)
USER     := $(patsubst user/%.c,$(BUILD)/user/%,$(wildcard user/*.c))
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(filter-out tests/runner.c,$(wildcard tests/*.c)))
RUNNER   := $(BUILD)/tests/runner

# ---- the machine ---------------------------------------------------------
QEMU     := qemu-system-x86_64
MEM      ?= 256M
CPU      ?= max
# CPUS=N boots N CPUs (1 to 8; docs/smp.md).  With more than one, QEMU's
# multi-threaded TCG runs each guest CPU on a host thread of its own, so
# they really run in parallel.  CI also runs the suite at 1 and 4.
CPUS     ?= 2
comma    := ,
SMP_FLAGS := -smp $(CPUS)$(if $(filter-out 1,$(CPUS)), -accel tcg$(comma)thread=multi)
QFLAGS   := -m $(MEM) -cpu $(CPU) $(SMP_FLAGS) -no-reboot -display none \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04
DEMO     ?=
TRACE    ?=
# FORK=odf or FORK=classic: fork's algorithm, the kernel's fork= option
# (docs/odf.md); unset, the kernel's default (classic).
FORK     ?=
INIT     ?= $(if $(DEMO),/bin/$(DEMO),/sbin/init)
CMDLINE  ?= init=$(INIT)$(if $(TRACE), trace=$(TRACE))$(if $(FORK), fork=$(FORK))
TEST_TIMEOUT ?= 540
# BOOT=direct boots with QEMU's -kernel (the PVH entry, no GRUB, no ISO),
# BOOT=grub a GRUB ISO; make run defaults to grub, make test to direct.
# UEFI=1 boots make run's GRUB ISO under OVMF instead of SeaBIOS.
BOOT     ?=
UEFI     ?=
OVMF     ?= /usr/share/ovmf/OVMF.fd

DEB_PKGS := gcc make binutils grub-pc-bin grub-efi-amd64-bin grub-common xorriso \
            mtools qemu-system-x86 musl-tools cpio gdb busybox-static python3 ovmf

.PHONY: compile_commands.json
.PHONY: all iso run test test-suite test-locked test-locked-forks test-iso test-linux gdb cow-picture deps clean help FORCE
all: $(KERNEL)

help:
	@echo "Targets:"
	@echo "  make                build $(KERNEL)"
	@echo "  make iso            build $(ISO) (GRUB, kernel, initramfs from user/)"
	@echo "  make run            boot $(ISO) in QEMU, serial console on this terminal"
	@echo "                      (BOOT=direct: $(KERNEL) with -kernel, no GRUB; UEFI=1: the ISO under OVMF)"
	@echo "  make test           boot the test kernel headless (-kernel), judge every test in tests/,"
	@echo "                      once with fork=classic and once with fork=odf (FORK=x: only x),"
	@echo "                      then the host checks (tests/host/), two at a time beside it;"
	@echo "                      ends with \"N passed, N failed, N skipped\" (BOOT=grub: boot $(TEST_ISO))"
	@echo "  make test-suite     only the QEMU suite (no host checks), e.g. CPUS=1 or CPUS=4"
	@echo "  make test-iso       only build $(TEST_ISO) (QEMU's exit status = (failures<<1)|1)"
	@echo "  make test-linux     run the same test binaries natively on this Linux host"
	@echo "  make coverage       the QEMU suite on a gcov kernel: build/coverage/index.html"
	@echo "  make fuzz           a system-call fuzzing campaign"
	@echo "  make bench          one benchmark on ushi and on Linux in the same QEMU: one CPU under icount,"
	@echo "                      ushi again with fork=odf, then two CPUs under multi-threaded TCG"
	@echo "                      (bench-tcg: one CPU, no icount; bench-smp: two; bench-odf: only fork=odf)"
	@echo "  make ltp            LTP's system-call tests on ushi (ltp-linux: on Linux; ltp-compare, ltp-check)"
	@echo "  make selftests      Linux's kernel selftests on ushi (selftests-linux, -compare, -check)"
	@echo "  make lab LAB=cow    write the student tree of a lab to build/labs/cow/ (docs/labs.md)"
	@echo "  make grade LAB=cow  score a lab (in a student tree: make grade); labs-check: CI's check of all"
	@echo "  make gdb            boot paused, with gdb attached to QEMU's gdb stub"
	@echo "  make cow-picture    boot cowdemo with trace=cow and draw docs/img/cow.svg"
	@echo "  make compile_commands.json   the compiler's flags per file, for clangd and editors"
	@echo "  make deps           install the Debian packages the build needs"
	@echo "  make clean          remove $(BUILD)/"
	@echo "Variables (make VAR=value ...):"
	@echo "  V=1                 print every command, not its one-line summary"
	@echo "  KDEFS=-DNAME        more kernel flags (the objects rebuild when flags change)"
	@echo "  BUILD=dir           the build tree (default build)"
	@echo "  MEM=256M CPU=max    QEMU's memory and CPU model"
	@echo "  CPUS=2              how many CPUs QEMU gives (above 1: multi-threaded TCG)"
	@echo "  BOOT=direct UEFI=1  make run: boot with -kernel (PVH), or the ISO under OVMF (OVMF=path)"
	@echo "  BOOT=grub           make test: boot the suite from $(TEST_ISO) instead of -kernel"
	@echo "  DEMO=cowdemo        make run boots straight into one demo (init=/bin/DEMO)"
	@echo "  TRACE=cow           the kernel trace: cow, fault, fork, signal, syscall, enosys, tlb, all"
	@echo "  FORK=odf            fork's algorithm (fork=odf|classic): make run, make test-suite and"
	@echo "                      make fuzz boot with it; make test runs the suite only with it (default: both)"
	@echo "  INIT=/bin/sh        make run's init program (default /sbin/init, the tour)"
	@echo "  CMDLINE=\"...\"       make run's whole kernel command line"
	@echo "  T=\"name ...\"        make test / coverage run only those tests"
	@echo "  TEST_ARGS=trace=cow more kernel arguments for the test ISO"
	@echo "  TEST_TIMEOUT=540    seconds before the QEMU suite counts as hung (COV_TIMEOUT for coverage)"
	@echo "  SEED= CALLS= PROCS= THREADS= VERBOSE=1 ONLY= FUZZ_TIMEOUT= FUZZ_QEMU=   make fuzz (fuzz.mk)"
	@echo "  COW_SVG= COW_LOG=   make cow-picture's output picture and serial log"

# Installs the Debian packages when any is missing (and we are root).
deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "deps: missing packages; run as root:"; \
		echo "  apt-get update && apt-get install -y $$missing"; exit 1; \
	fi

# ---- kernel --------------------------------------------------------------
# $(BUILD)/kflags holds the flags the kernel was built with and changes only
# when they do, so a new KDEFS (or any flag) rebuilds every kernel object
# without make clean; $(BUILD)/uflags does the same for user programs.
$(BUILD)/kflags: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(subst ','\'',$(CC) $(KCFLAGS) $(KCOV) $(KLDFLAGS))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(CC) $(KCFLAGS) $(KCOV) $(KLDFLAGS))' > $@

$(BUILD)/uflags: FORCE
	@mkdir -p $(BUILD)
	@printf '%s\n' '$(subst ','\'',$(UCC) $(UCFLAGS))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(UCC) $(UCFLAGS))' > $@

$(BUILD)/k/%.c.o: %.c $(BUILD)/kflags
	@mkdir -p $(dir $@)
	$(say) "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) $(KCOV) -MMD -c $< -o $@

$(BUILD)/k/%.S.o: %.S $(BUILD)/kflags
	@mkdir -p $(dir $@)
	$(say) "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) $(KCOV) -MMD -c $< -o $@

# Two links: the first finds every function's address, tools/kallsyms.sh
# turns them into a table for backtraces, the second link adds the table.
# The table's section comes last in linker.ld, so no address moves.
$(BUILD)/k/kallsyms0.o:
	@mkdir -p $(dir $@)
	$(Q)printf '.section .note.GNU-stack,"",@progbits\n.section .kallsyms,"a"\n.globl kallsyms_count, kallsyms_addrs, kallsyms_offsets, kallsyms_strings\nkallsyms_count: .quad 0\nkallsyms_addrs:\nkallsyms_offsets:\nkallsyms_strings:\n' | $(CC) -c -x assembler - -o $@

$(KERNEL): $(KOBJ) $(BUILD)/k/kallsyms0.o linker.ld tools/kallsyms.sh $(BUILD)/kflags
	$(say) "  LD      $@"
	$(Q)$(CC) $(KLDFLAGS) -o $(BUILD)/ushi.pass1.elf $(KOBJ) $(BUILD)/k/kallsyms0.o
	$(Q)sh tools/kallsyms.sh $(BUILD)/ushi.pass1.elf > $(BUILD)/k/kallsyms.S
	$(Q)$(CC) -c $(BUILD)/k/kallsyms.S -o $(BUILD)/k/kallsyms.o
	$(Q)$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/k/kallsyms.o

-include $(KOBJ:.o=.d)

# ---- the vDSO: a shared object that runs in user space -------------------
# Built with the kernel's compiler but as position-independent user code,
# linked by vdso/vdso.lds, stripped, and checked to need no relocation
# (nothing would apply one); vdso/vdso-image.S embeds it in the kernel.
VDSO_SRC    := vdso/vclock_gettime.c vdso/vgetcpu.c
VDSO_OBJ    := $(patsubst vdso/%,$(BUILD)/vdso/%.o,$(VDSO_SRC))
VDSO_CFLAGS := -std=gnu11 -ffreestanding -fPIC -O2 -fno-stack-protector -mgeneral-regs-only \
               -Wall -Wextra -Wmissing-prototypes -Werror -g $(PREFIX_MAP) \
               -nostdinc -isystem $(shell $(CC) -print-file-name=include) -Iinclude
VDSO_LDFLAGS := -nostdlib -shared -Wl,-soname=linux-vdso.so.1 -Wl,--hash-style=both \
                -Wl,--eh-frame-hdr -Wl,-Bsymbolic -Wl,-z,max-page-size=4096 -Wl,--no-undefined \
                -Wl,--build-id=none -Wl,-T,vdso/vdso.lds

$(BUILD)/vdso/%.c.o: vdso/%.c $(BUILD)/kflags
	@mkdir -p $(dir $@)
	$(say) "  VDSOCC  $<"
	$(Q)$(CC) $(VDSO_CFLAGS) -MMD -c $< -o $@

$(BUILD)/vdso/vdso.so: $(VDSO_OBJ) vdso/vdso.lds
	$(say) "  VDSO    $@"
	$(Q)$(CC) $(VDSO_LDFLAGS) $(VDSO_OBJ) -o $(BUILD)/vdso/vdso.so.dbg
	$(Q)objcopy -S $(BUILD)/vdso/vdso.so.dbg $@
	$(Q)readelf -r $@ | grep -q 'no relocations' || { echo "$@ has relocations"; rm -f $@; exit 1; }

$(BUILD)/k/vdso/vdso-image.S.o: $(BUILD)/vdso/vdso.so
$(BUILD)/k/vdso/vdso-image.S.o: KCFLAGS += -I$(BUILD)/vdso

-include $(VDSO_OBJ:.o=.d)

# The test kernel: a second build tree, so the normal one is untouched.
$(DEBUG_KERNEL): FORCE
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/debug KDEFS="-DUSHI_DEBUG $(KDEFS)" $@

# ---- user programs and tests ---------------------------------------------
$(BUILD)/user/%: user/%.c $(wildcard user/*.h) $(BUILD)/uflags
	@mkdir -p $(dir $@)
	$(say) "  MUSL    $<"
	$(Q)$(UCC) $(UCFLAGS) $< -o $@

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h) user/proc_field.h $(BUILD)/uflags
	@mkdir -p $(dir $@)
	$(say) "  MUSL    $<"
	$(Q)$(UCC) $(UCFLAGS) -pthread $< -o $@

# Programs that misbehave on purpose, for the host tests of the harness.
$(BUILD)/broken/%: tests/broken/%.c $(wildcard tests/*.h) $(BUILD)/uflags
	@mkdir -p $(dir $@)
	$(say) "  MUSL    $<"
	$(Q)$(UCC) $(UCFLAGS) -Itests $< -o $@

# ---- initramfs and ISOs ---------------------------------------------------
# tools/mkinitramfs.sh stages a root tree and packs it as a newc cpio.
$(BUILD)/initrd.cpio: $(USER) tools/mkinitramfs.sh
	$(say) "  CPIO    $@"
	$(Q)sh tools/mkinitramfs.sh $@ user $(USER)

# The archive holds exactly the tests of tests/*.c: rebuild it when one is
# added or deleted (a deleted test's binary must not keep running).
$(BUILD)/test-list: FORCE
	@mkdir -p $(BUILD)
	@echo '$(notdir $(TESTS))' | cmp -s - $@ || echo '$(notdir $(TESTS))' > $@

$(BUILD)/initrd-test.cpio: $(TESTS) $(RUNNER) tools/mkinitramfs.sh $(BUILD)/test-list
	$(say) "  CPIO    $@"
	$(Q)sh tools/mkinitramfs.sh $@ test $(RUNNER) $(TESTS)

# The ISO holds the command line: rebuild it when DEMO, TRACE or INIT change.
$(BUILD)/cmdline: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(ISO): $(KERNEL) $(BUILD)/initrd.cpio tools/mkiso.sh $(BUILD)/cmdline
	$(say) "  ISO     $@"
	$(Q)sh tools/mkiso.sh $@ $(KERNEL) $(BUILD)/initrd.cpio "$(CMDLINE)"

# The test kernel's command line: the runner as init, on T's tests or all;
# $(call test_cmdline,odf) adds fork=odf.
test_cmdline = panic=-1 $(TEST_ARGS)$(if $(1), fork=$(1)) init=/bin/runner -- -k /tests $(T)
TEST_CMDLINE = $(call test_cmdline,$(FORK))
$(BUILD)/test-cmdline: FORCE
	@mkdir -p $(BUILD)
	@echo '$(TEST_CMDLINE)' | cmp -s - $@ || echo '$(TEST_CMDLINE)' > $@

$(TEST_ISO): $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio tools/mkiso.sh $(BUILD)/test-cmdline
	$(say) "  ISO     $@"
	$(Q)sh tools/mkiso.sh $@ $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio "$(TEST_CMDLINE)"

# make test's suite boots, one per fork algorithm, each in a directory of
# its own (log, verdicts): $(BUILD)/suite-classic, $(BUILD)/suite-odf.
# With BOOT=grub each has its own ISO, rebuilt when its command line changes.
TEST_FORKS = $(or $(FORK),classic odf)
.PRECIOUS: $(BUILD)/suite-%/cmdline
$(BUILD)/suite-%/cmdline: FORCE
	@mkdir -p $(dir $@)
	@echo '$(call test_cmdline,$*)' | cmp -s - $@ || echo '$(call test_cmdline,$*)' > $@

$(BUILD)/suite-%/ushi-test.iso: $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio tools/mkiso.sh $(BUILD)/suite-%/cmdline
	$(say) "  ISO     $@"
	$(Q)sh tools/mkiso.sh $@ $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio "$(call test_cmdline,$*)"

iso: deps
	@$(MAKE) --no-print-directory $(ISO)

test-iso: deps
	@$(MAKE) --no-print-directory $(TEST_ISO)

# QEMU exits with (init's status << 1) | 1 when init powers off: report init's status.
# BOOT=direct: QEMU loads the ELF itself and enters its PVH note's entry,
# with the initramfs and the command line QEMU's -initrd and -append give.
ifeq ($(BOOT),direct)
RUN_NEEDS := $(KERNEL) $(BUILD)/initrd.cpio
RUN_BOOT  := -kernel $(KERNEL) -initrd $(BUILD)/initrd.cpio -append "$(CMDLINE)"
else
RUN_NEEDS := $(ISO)
RUN_BOOT  := -cdrom $(ISO)
endif
run: deps
	@case "$(BOOT)" in ""|grub|direct) ;; *) echo "run: BOOT=grub (the default) or BOOT=direct"; exit 2 ;; esac
	@if [ "$(BOOT)" = direct ] && [ -n "$(UEFI)" ]; then \
		echo "run: UEFI=1 boots the GRUB ISO; BOOT=direct has no firmware to choose"; exit 2; fi
	@$(MAKE) --no-print-directory $(RUN_NEEDS)
	@$(QEMU) $(QFLAGS) $(if $(UEFI),-bios $(OVMF)) $(RUN_BOOT) -serial mon:stdio; rc=$$?; \
	if [ $$((rc & 1)) = 1 ]; then exit $$((rc >> 1)); else exit $$rc; fi

# make test boots the test kernel with -kernel unless BOOT=grub: no ISO to
# make.  GRUB stays tested by the host tests contract (BIOS) and uefi.
# $(call test_boot,FORK) is boot.sh's last arguments for one suite boot.
ifeq ($(BOOT),grub)
TEST_NEEDS := $(TEST_ISO)
TEST_BOOT  := $(TEST_ISO)
FORKS_NEEDS = $(foreach f,$(TEST_FORKS),$(BUILD)/suite-$(f)/ushi-test.iso)
test_boot   = $(BUILD)/suite-$(1)/ushi-test.iso
else
TEST_NEEDS := $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio
TEST_BOOT  := $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio "$(TEST_CMDLINE)"
FORKS_NEEDS = $(TEST_NEEDS)
test_boot   = $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio "$(call test_cmdline,$(1))"
endif
# What the host tests build for themselves, built here first: they run two
# at a time, and two makes must not build the same file at once.
BROKEN     := $(patsubst tests/broken/%.c,$(BUILD)/broken/%,$(wildcard tests/broken/*.c))
HOST_NEEDS := $(KERNEL) $(DEBUG_KERNEL) $(BUILD)/initrd.cpio $(RUNNER) $(BROKEN)

# Builds on all cores, then holds the machine-wide QEMU lock for all its
# boots (tools/qemu-lock.sh): tests/host.sh runs the QEMU suite
# (test-locked) beside the host tests, two at a time, one per core;
# USHI_LOCK_HELD=1 tells the host tests not to take the lock again.  A
# build that fails stops here with "build failed"; a suite that fails
# still lets the host checks run, and tests/host.sh gives the verdict.
test: deps
	@case "$(BOOT)" in ""|direct|grub) ;; *) echo "test: BOOT=direct (the default) or BOOT=grub"; exit 2 ;; esac
	@$(MAKE) --no-print-directory -j$$(nproc) $(FORKS_NEEDS) $(HOST_NEEDS) || \
		{ echo "make test: build failed"; exit 2; }
	@rm -f $(BUILD)/suite.result
	@sh tools/qemu-lock.sh env USHI_LOCK_HELD=1 sh tests/host.sh tests/host $(BUILD)/suite.result $(BUILD) \
		"$(MAKE) --no-print-directory test-locked-forks"

# The QEMU suite alone, without the host checks: CI runs it at CPUS=1 and
# CPUS=4 beside make test's default 2.
test-suite: deps
	@$(MAKE) --no-print-directory -j$$(nproc) $(TEST_NEEDS) || { echo "make test-suite: build failed"; exit 2; }
	@sh tools/qemu-lock.sh $(MAKE) --no-print-directory test-locked

test-locked:
	@sh tests/boot.sh $(BUILD) $(TEST_TIMEOUT) "$(QEMU) $(QFLAGS)" $(TEST_BOOT)

# One suite boot per fork algorithm, one after the other (each judged on
# its own), then tests/suites.sh adds their counts into the one result
# tests/host.sh reads: a boot without a result counts as a failure.
test-locked-forks:
	@rm -f $(foreach f,$(TEST_FORKS),$(BUILD)/suite-$(f)/suite.result)
	@$(foreach f,$(TEST_FORKS),echo "make test: the QEMU suite with fork=$(f)"; \
		sh tests/boot.sh $(BUILD)/suite-$(f) $(TEST_TIMEOUT) "$(QEMU) $(QFLAGS)" $(call test_boot,$(f)); )
	@sh tests/suites.sh $(BUILD)/suite.result $(foreach f,$(TEST_FORKS),$(f)=$(BUILD)/suite-$(f)/suite.result)

# The runner's status is its failure count; judge.sh checks it and the TAP.
test-linux: $(RUNNER) $(TESTS)
	@{ $(RUNNER) $(BUILD)/tests $(or $(T),$(notdir $(TESTS))); echo $$? > $(BUILD)/linux.rc; } | \
		tee $(BUILD)/linux.log
	@sh tests/judge.sh $(BUILD)/linux.log "$$(cat $(BUILD)/linux.rc)" native

gdb: deps
	@$(MAKE) --no-print-directory $(ISO)
	$(QEMU) $(QFLAGS) -cdrom $(ISO) -serial file:$(BUILD)/gdb-serial.log -S -gdb tcp::1234 & \
	gdb -q -x tools/gdbinit $(KERNEL); kill $$! 2>/dev/null; true

# cowdemo with the trace on, booted with -kernel; the serial log becomes the
# picture.  Boot and drawing both under the lock: a second run must not swap
# the log.
COW_SVG ?= docs/img/cow.svg
COW_LOG ?= $(BUILD)/cow-picture.log
cow-picture: deps
	@$(MAKE) --no-print-directory $(KERNEL) $(BUILD)/initrd.cpio
	@sh tools/qemu-lock.sh sh -c '\
	rm -f $(COW_LOG); \
	timeout 120 $(QEMU) $(QFLAGS) -kernel $(KERNEL) -initrd $(BUILD)/initrd.cpio \
		-append "panic=-1 trace=cow init=/bin/cowdemo" -serial file:$(COW_LOG) -monitor none </dev/null; \
	[ $$? = 1 ] || { echo "cow-picture: cowdemo failed, see $(COW_LOG)"; exit 1; }; \
	python3 tools/cow-picture.py $(COW_LOG) $(COW_SVG)'

# The compilation database for clangd and editors: each source with the
# flags of its rule (user programs see musl's headers, as musl-gcc gives them).
MUSL_INC := /usr/include/x86_64-linux-musl
UCDBFLAGS = $(filter-out -static,$(UCFLAGS)) -nostdinc -isystem $(MUSL_INC) \
            -isystem $(shell $(CC) -print-file-name=include)
compile_commands.json: FORCE
	$(say) "  GEN     $@"
	$(Q)python3 tools/compile-commands.py "$(CURDIR)" \
		--cc "$(CC) $(KCFLAGS)" $(KSRC) \
		--cc "$(CC) $(UCDBFLAGS)" $(wildcard user/*.c) \
		--cc "$(CC) $(UCDBFLAGS) -pthread" $(wildcard tests/*.c) bench/bench.c bench/bench_smp.c > $@

FORCE:

clean:
	rm -rf $(BUILD)

-include bench/bench.mk
-include fuzz.mk
-include coverage.mk
-include ltp.mk
-include selftests.mk
-include labs/labs.mk
