# ushi - build, boot and test.  `make help` lists the targets.

BUILD    := build
KERNEL   := $(BUILD)/ushi.elf
ISO      := $(BUILD)/ushi.iso
TEST_ISO := $(BUILD)/ushi-test.iso
# Test builds: the same sources with -DUSHI_DEBUG, the kernel checking its
# own invariants (mm/debug.c); make test and make fuzz boot this one.
DEBUG_KERNEL := $(BUILD)/debug/ushi.elf

# ---- the kernel: freestanding C11, no SSE, linked in the top 2 GiB -------
CC       := gcc
KCFLAGS  := -std=gnu11 -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
            -mno-red-zone -mcmodel=kernel -mgeneral-regs-only -mno-sse -mno-mmx \
            -mno-80387 -fno-omit-frame-pointer -fno-strict-aliasing \
            -fno-asynchronous-unwind-tables -Wall -Wextra -Werror -g -O2 \
            -nostdinc -isystem $(shell $(CC) -print-file-name=include) -Iinclude $(KDEFS)
KLDFLAGS := -Wl,--build-id=none -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack -T linker.ld

KSRC := $(wildcard boot/*.S kernel/*.S kernel/*.c mm/*.c fs/*.c)
KOBJ := $(patsubst %,$(BUILD)/k/%.o,$(KSRC))

# ---- user space: ordinary static x86-64 Linux programs, built with musl ----
UCC      := musl-gcc
UCFLAGS  := -static -O2 -g -Wall -Wextra -Werror -std=gnu11
USER     := $(patsubst user/%.c,$(BUILD)/user/%,$(wildcard user/*.c))
TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(filter-out tests/runner.c,$(wildcard tests/*.c)))
RUNNER   := $(BUILD)/tests/runner

# ---- the machine ---------------------------------------------------------
QEMU     := qemu-system-x86_64
MEM      ?= 256M
CPU      ?= max
QFLAGS   := -m $(MEM) -cpu $(CPU) -smp 1 -no-reboot -display none \
            -device isa-debug-exit,iobase=0xf4,iosize=0x04
DEMO     ?=
TRACE    ?=
INIT     ?= $(if $(DEMO),/bin/$(DEMO),/sbin/init)
CMDLINE  ?= init=$(INIT)$(if $(TRACE), trace=$(TRACE))
TEST_TIMEOUT ?= 540
# make run: BOOT=direct boots build/ushi.elf with QEMU's -kernel (the PVH
# entry, no GRUB, no ISO); UEFI=1 boots the GRUB ISO under OVMF instead of
# SeaBIOS.
BOOT     ?= grub
UEFI     ?=
OVMF     ?= /usr/share/ovmf/OVMF.fd

DEB_PKGS := gcc make binutils grub-pc-bin grub-efi-amd64-bin grub-common xorriso \
            mtools qemu-system-x86 musl-tools cpio gdb busybox-static python3 ovmf

.PHONY: all iso run test test-locked test-iso test-linux gdb cow-picture deps clean help
all: $(KERNEL)

help:
	@echo "make            build $(KERNEL)"
	@echo "make iso        build $(ISO) (GRUB, kernel, initramfs from user/)"
	@echo "make run        boot $(ISO) in QEMU, serial console on this terminal"
	@echo "                (the demo tour; DEMO=cowdemo boots one demo, TRACE=cow turns the trace on;"
	@echo "                BOOT=direct boots $(KERNEL) with -kernel, no GRUB; UEFI=1 boots the ISO under OVMF)"
	@echo "make test       boot $(TEST_ISO) headless and judge every test in tests/"
	@echo "                (T=\"name ...\" runs only those tests; TEST_ARGS=trace=cow adds kernel args)"
	@echo "make test-iso   only build $(TEST_ISO) (QEMU's exit status = (failures<<1)|1)"
	@echo "make test-linux run the same test binaries natively on this Linux host"
	@echo "make fuzz       a system-call fuzzing campaign (SEED=n CALLS=n PROCS=n THREADS=n)"
	@echo "make bench      one benchmark on ushi and on Linux in the same QEMU"
	@echo "make ltp        LTP's system-call tests on ushi (ltp-linux: on Linux; ltp-compare, ltp-check)"
	@echo "make gdb        boot paused, with gdb attached to QEMU's gdb stub"
	@echo "make cow-picture boot cowdemo with trace=cow and draw docs/img/cow.svg"
	@echo "make deps       install the Debian packages the build needs"

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
$(BUILD)/k/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -MMD -c $< -o $@

$(BUILD)/k/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KCFLAGS) -MMD -c $< -o $@

# Two links: the first finds every function's address, tools/kallsyms.sh
# turns them into a table for backtraces, the second link adds the table.
# The table's section comes last in linker.ld, so no address moves.
$(BUILD)/k/kallsyms0.o:
	@mkdir -p $(dir $@)
	@printf '.section .note.GNU-stack,"",@progbits\n.section .kallsyms,"a"\n.globl kallsyms_count, kallsyms_addrs, kallsyms_offsets, kallsyms_strings\nkallsyms_count: .quad 0\nkallsyms_addrs:\nkallsyms_offsets:\nkallsyms_strings:\n' | $(CC) -c -x assembler - -o $@

$(KERNEL): $(KOBJ) $(BUILD)/k/kallsyms0.o linker.ld tools/kallsyms.sh
	@echo "  LD      $@"
	@$(CC) $(KLDFLAGS) -o $(BUILD)/ushi.pass1.elf $(KOBJ) $(BUILD)/k/kallsyms0.o
	@sh tools/kallsyms.sh $(BUILD)/ushi.pass1.elf > $(BUILD)/k/kallsyms.S
	@$(CC) -c $(BUILD)/k/kallsyms.S -o $(BUILD)/k/kallsyms.o
	@$(CC) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/k/kallsyms.o

-include $(KOBJ:.o=.d)

# The test kernel: a second build tree, so the normal one is untouched.
$(DEBUG_KERNEL): FORCE
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/debug KDEFS="-DUSHI_DEBUG $(KDEFS)" $@

# ---- user programs and tests ---------------------------------------------
$(BUILD)/user/%: user/%.c $(wildcard user/*.h)
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	@$(UCC) $(UCFLAGS) $< -o $@

$(BUILD)/tests/%: tests/%.c $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	@$(UCC) $(UCFLAGS) -pthread $< -o $@

# ---- initramfs and ISOs ---------------------------------------------------
# tools/mkinitramfs.sh stages a root tree and packs it as a newc cpio.
$(BUILD)/initrd.cpio: $(USER) tools/mkinitramfs.sh
	@echo "  CPIO    $@"
	@sh tools/mkinitramfs.sh $@ user $(USER)

$(BUILD)/initrd-test.cpio: $(TESTS) $(RUNNER) tools/mkinitramfs.sh
	@echo "  CPIO    $@"
	@sh tools/mkinitramfs.sh $@ test $(RUNNER) $(TESTS)

# The ISO holds the command line: rebuild it when DEMO, TRACE or INIT change.
$(BUILD)/cmdline: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(ISO): $(KERNEL) $(BUILD)/initrd.cpio tools/mkiso.sh $(BUILD)/cmdline
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $@ $(KERNEL) $(BUILD)/initrd.cpio "$(CMDLINE)"

$(TEST_ISO): $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio tools/mkiso.sh
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $@ $(DEBUG_KERNEL) $(BUILD)/initrd-test.cpio "panic=-1 $(TEST_ARGS) init=/bin/runner -- /tests $(T)"

iso: deps
	@$(MAKE) --no-print-directory $(ISO)

test-iso: deps
	@rm -f $(TEST_ISO)
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
	@case "$(BOOT)" in grub|direct) ;; *) echo "run: BOOT=grub (the default) or BOOT=direct"; exit 2 ;; esac
	@if [ "$(BOOT)" = direct ] && [ -n "$(UEFI)" ]; then \
		echo "run: UEFI=1 boots the GRUB ISO; BOOT=direct has no firmware to choose"; exit 2; fi
	@$(MAKE) --no-print-directory $(RUN_NEEDS)
	@$(QEMU) $(QFLAGS) $(if $(UEFI),-bios $(OVMF)) $(RUN_BOOT) -serial mon:stdio; rc=$$?; \
	if [ $$((rc & 1)) = 1 ]; then exit $$((rc >> 1)); else exit $$rc; fi

# One QEMU (and one test build) at a time on this machine: the lock makes a
# second "make test" wait for the first.
test: deps
	@rm -f $(BUILD)/suite.result
	@flock /tmp/ushi-test.lock $(MAKE) --no-print-directory test-locked || true
	@sh tests/host.sh

test-locked:
	@rm -f $(TEST_ISO)
	@$(MAKE) --no-print-directory $(TEST_ISO)
	@sh tests/boot.sh $(TEST_ISO) $(TEST_TIMEOUT) "$(QEMU) $(QFLAGS)"

test-linux: $(RUNNER) $(TESTS)
	$(RUNNER) $(BUILD)/tests

gdb: deps
	@$(MAKE) --no-print-directory $(ISO)
	$(QEMU) $(QFLAGS) -cdrom $(ISO) -serial file:$(BUILD)/gdb-serial.log -S -gdb tcp::1234 & \
	gdb -q -x tools/gdbinit $(KERNEL); kill $$! 2>/dev/null; true

# cowdemo with the trace on; the serial log becomes the picture.  ISO, boot
# and drawing all under the lock: a second run must not swap the log.
COW_SVG ?= docs/img/cow.svg
COW_LOG ?= $(BUILD)/cow-picture.log
cow-picture: deps
	@$(MAKE) --no-print-directory $(KERNEL) $(BUILD)/initrd.cpio
	@flock /tmp/ushi-test.lock sh -c '\
	sh tools/mkiso.sh $(BUILD)/cow-picture.iso $(KERNEL) $(BUILD)/initrd.cpio "panic=-1 trace=cow init=/bin/cowdemo"; \
	rm -f $(COW_LOG); \
	timeout 120 $(QEMU) $(QFLAGS) -cdrom $(BUILD)/cow-picture.iso -serial file:$(COW_LOG) -monitor none </dev/null; \
	[ $$? = 1 ] || { echo "cow-picture: cowdemo failed, see $(COW_LOG)"; exit 1; }; \
	python3 tools/cow-picture.py $(COW_LOG) $(COW_SVG)'

FORCE:

clean:
	rm -rf $(BUILD)

-include bench/bench.mk
-include fuzz.mk
-include ltp.mk
