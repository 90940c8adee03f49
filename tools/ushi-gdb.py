"""ushi-gdb.py - gdb commands that show ushi's processes and memory.

tools/gdbinit sources this file (`make gdb`).  The commands read the
kernel's own structures through the debug information of build/ushi.elf
(struct task_struct in include/sched.h, mm_struct, vm_area_struct and
struct page in include/mm.h) and physical memory through the direct map
(physical address P is at virtual 0xffff888000000000 + P in every page
table), so they work wherever the kernel is stopped in long mode.

  ushi-tasks         every task: pid, tgid, state, comm, and which of its
                     mm / fs / files / sighand it shares with other tasks
  ushi-vma [PID]     the areas (VMAs) of a task's address space, as
                     /proc/PID/maps shows them, with the pages present
  ushi-pt VA [PID]   walk the page table for VA (the current one, from CR3,
                     or PID's): each level's entry and its flags, then the
                     frame
  ushi-page PFN      the struct page of a frame: reference count, map count
                     (what /proc/kpagecount says), flags

Python inside gdb (Debian's gdb has it); nothing outside the standard
library and gdb's own module.
"""
import gdb

PAGE_OFFSET = 0xFFFF888000000000        # the direct map (include/mm.h)
KERNEL_MAP = 0xFFFFFFFF80000000         # the kernel image
PAGE_SHIFT = 12
PTE_PFN_MASK = 0x000FFFFFFFFFF000
LIST_LIMIT = 100000                     # a corrupted list must not hang gdb

# x86-64 page-table entry bits; bit 9 is ushi's software bit _PAGE_SPECIAL
# (the zero page), bit 8 without P is _PAGE_PROTNONE (include/mm.h).
PTE_BITS = [(0, "P"), (1, "RW"), (2, "US"), (3, "PWT"), (4, "PCD"), (5, "A"), (6, "D"),
            (7, "PS"), (8, "G"), (9, "SPECIAL"), (63, "NX")]
LEVELS = [("PML4", 39), ("PDPT", 30), ("PD", 21), ("PT", 12)]

# struct page flags whose meaning print_page needs (enum pageflags)
PG_BUDDY, PG_HEAD = 1 << 1, 1 << 3

# task->state and task->exit_state (include/sched.h)
TASK_INTERRUPTIBLE, TASK_STOPPED_BIT = 1, 4
EXIT_ZOMBIE, EXIT_DEAD = 16, 32


# ---- reading the kernel -------------------------------------------------------------

def ulong(v):
    """A gdb.Value (number or pointer) as a Python int."""
    return int(v.cast(gdb.lookup_type("unsigned long")))


def read_u64(vaddr):
    mem = gdb.selected_inferior().read_memory(vaddr, 8)
    return int.from_bytes(bytes(mem), "little")


def read_phys(paddr, size):
    return bytes(gdb.selected_inferior().read_memory(PAGE_OFFSET + paddr, size))


def pa(vaddr):
    """__pa(): a kernel virtual address (direct map or image) to physical."""
    return vaddr - KERNEL_MAP if vaddr >= KERNEL_MAP else vaddr - PAGE_OFFSET


def offset_of(typename, member):
    for f in gdb.lookup_type(typename).fields():
        if f.name == member:
            return f.bitpos // 8
    raise gdb.GdbError("%s has no member %s" % (typename, member))


def container_of(ptr, typename, member):
    addr = ulong(ptr) - offset_of(typename, member)
    return gdb.Value(addr).cast(gdb.lookup_type(typename).pointer())


def list_for_each_entry(head, typename, member):
    """Walks a struct list_head (given as a value, not a pointer)."""
    head_addr = ulong(head.address)
    node = head["next"]
    for _ in range(LIST_LIMIT):
        if ulong(node) == head_addr:
            return
        yield container_of(node, typename, member)
        node = node["next"]
    raise gdb.GdbError("list at 0x%x does not end" % head_addr)


def all_tasks():
    """Every thread: each process on init_task.tasks, then its threads on
    signal->thread_head (as for_each_process and for_each_thread)."""
    init = gdb.parse_and_eval("init_task")
    for leader in list_for_each_entry(init["tasks"], "struct task_struct", "tasks"):
        yield from list_for_each_entry(leader["signal"]["thread_head"], "struct task_struct",
                                       "thread_node")


def find_task(pid):
    for t in all_tasks():
        if int(t["pid"]) == pid:
            return t
    raise gdb.GdbError("no task with pid %d" % pid)


def current_task():
    """The task of the CPU gdb stopped: its struct pcpu (include/percpu.h) is
    at the GS base in kernel mode, at the kernel GS base in user mode."""
    for reg in ("$gs_base", "$k_gs_base"):
        try:
            base = ulong(gdb.parse_and_eval(reg))
        except gdb.error:               # a stub that does not show the bases
            continue
        if base >= 0xffff800000000000:
            return gdb.parse_and_eval("((struct pcpu *)%d)->current_task" % base)
    return gdb.parse_and_eval("per_cpu_area[0].current_task")


def task_mm(t):
    mm = t["mm"]
    return mm if ulong(mm) else t["active_mm"]


def state_char(t):
    exit_state, state = int(t["exit_state"]), int(t["state"])
    if exit_state == EXIT_ZOMBIE:
        return "Z"
    if exit_state == EXIT_DEAD:
        return "X"
    if state == 0:
        return "R"
    if state & TASK_STOPPED_BIT:
        return "T"
    return "S" if state & TASK_INTERRUPTIBLE else "D"


def comm(t):
    return t["comm"].string(length=16).split("\0")[0]


def parse_args(arg, names):
    words = gdb.string_to_argv(arg)
    if len(words) > len(names):
        raise gdb.GdbError("usage: %s" % " ".join(names))
    return [int(gdb.parse_and_eval(w)) for w in words]


# ---- ushi-tasks ---------------------------------------------------------------------

SHARED = [("mm", "mm_users"), ("fs", "users"), ("files", "count"), ("sighand", "count")]


class UshiTasks(gdb.Command):
    """ushi-tasks: every task with pid, tgid, state, comm, and what it shares.

For each of mm (address space, CLONE_VM), fs (cwd/root, CLONE_FS), files
(fd table, CLONE_FILES) and sighand (handlers, CLONE_SIGHAND): "own" when
no other task uses the object, "shared/N" when N tasks do (the objects
are listed below the table), "-" when the task has none (kernel threads
have no mm).  '*' marks the current task."""

    def __init__(self):
        super().__init__("ushi-tasks", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        tasks = list(all_tasks())
        cur = ulong(current_task())
        users = {}                              # (kind, address) -> [pids]
        for t in tasks:
            for kind, _ in SHARED:
                addr = ulong(t[kind])
                if addr:
                    users.setdefault((kind, addr), []).append(int(t["pid"]))
        print("   %5s %5s %2s  %-15s %-10s %-10s %-10s %-10s" %
              ("PID", "TGID", "ST", "COMM", "MM", "FS", "FILES", "SIGHAND"))
        for t in tasks:
            cols = []
            for kind, _ in SHARED:
                addr = ulong(t[kind])
                n = len(users.get((kind, addr), []))
                cols.append("-" if not addr else "own" if n == 1 else "shared/%d" % n)
            mark = "*" if ulong(t) == cur else " "
            print(" %s %5d %5d %2s  %-15s %-10s %-10s %-10s %-10s" %
                  (mark, int(t["pid"]), int(t["tgid"]), state_char(t), comm(t), *cols))
        shared = [(k, a, p) for (k, a), p in users.items() if len(p) > 1]
        if shared:
            print("shared objects:")
        for kind, addr, pids in sorted(shared):
            count_field = dict(SHARED)[kind]
            obj = gdb.Value(addr).cast(tasks[0][kind].type)
            print("  %-8s 0x%x  %s=%d  tasks %s" % (kind, addr, count_field,
                                                  int(obj[count_field]), " ".join(map(str, pids))))
        print("%d tasks" % len(tasks))


# ---- ushi-vma -------------------------------------------------------------------------

def pte_of(pgd_pa, va):
    """The last-level entry for va (or the huge/absent entry that ends the walk),
    and the list of (level, entry address, entry) on the way."""
    table, steps = pgd_pa, []
    for name, shift in LEVELS:
        idx = (va >> shift) & 511
        eaddr = table + idx * 8
        e = int.from_bytes(read_phys(eaddr, 8), "little")
        steps.append((name, idx, eaddr, e))
        if not e & 1 or (name in ("PDPT", "PD") and e & 0x80):
            break
        table = e & PTE_PFN_MASK
    return steps


def present_pages(pgd_pa, start, end):
    """How many pages of [start, end) have a frame: reads each page-table page once."""
    n, va = 0, start
    while va < end:
        steps = pte_of(pgd_pa, va)
        last = steps[-1]
        span_end = min(end, (va | ((1 << 21) - 1)) + 1)     # the end of this PT's range
        if last[0] != "PT":
            if last[3] & 1:                                  # a huge page maps all of it
                n += (span_end - va) >> PAGE_SHIFT
            va = span_end
            continue
        name, idx, eaddr, e = last
        count = (span_end - va) >> PAGE_SHIFT
        raw = read_phys(eaddr, count * 8)
        for i in range(count):
            entry = int.from_bytes(raw[i * 8:i * 8 + 8], "little")
            if entry & 1 or (entry & 0x100):                 # present, or PROT_NONE but held
                n += 1
        va = span_end
    return n


def dentry_path(d):
    """The path of a dentry up to its file system's root (d_parent == itself)."""
    names = []
    for _ in range(64):
        parent = d["d_parent"]
        if ulong(parent) == ulong(d):
            break
        names.append(d["d_name"].string())
        d = parent
    return "/" + "/".join(reversed(names))


def vma_name(vma, mm):
    f = vma["vm_file"]
    start, end = ulong(vma["vm_start"]), ulong(vma["vm_end"])
    if ulong(f):
        return dentry_path(f["f_path"]["dentry"])
    sb, brk, stack = ulong(mm["start_brk"]), ulong(mm["brk"]), ulong(mm["start_stack"])
    if start <= sb and end >= brk and brk > sb:
        return "[heap]"
    if start <= stack <= end:
        return "[stack]"
    return ""


class UshiVma(gdb.Command):
    """ushi-vma [PID]: the areas of a task's address space (default: current).

One line per vm_area_struct on mm->mmap, as /proc/PID/maps prints them
(start-end, rwx and p/s for private/shared, file offset, name), plus how
many of the area's pages have a frame in the page table right now."""

    def __init__(self):
        super().__init__("ushi-vma", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = parse_args(arg, ["ushi-vma", "[PID]"])
        t = find_task(args[0]) if args else current_task()
        mm = task_mm(t)
        if not ulong(mm):
            raise gdb.GdbError("pid %d (%s) has no address space" % (int(t["pid"]), comm(t)))
        pgd_pa = pa(ulong(mm["pgd"]))
        print("pid %d (%s): mm 0x%x, pgd at phys 0x%x, mm_users %d, rss %d pages" %
              (int(t["pid"]), comm(t), ulong(mm), pgd_pa, int(mm["mm_users"]), int(mm["rss"])))
        for v in list_for_each_entry(mm["mmap"], "struct vm_area_struct", "vm_list"):
            start, end, flags = ulong(v["vm_start"]), ulong(v["vm_end"]), ulong(v["vm_flags"])
            perms = "%s%s%s%s" % ("r" if flags & 1 else "-", "w" if flags & 2 else "-",
                                  "x" if flags & 4 else "-", "s" if flags & 0x80 else "p")
            pgoff = ulong(v["vm_pgoff"]) << PAGE_SHIFT if ulong(v["vm_file"]) else 0
            pages = (end - start) >> PAGE_SHIFT
            print("  %012x-%012x %s %08x %4d/%-4d pages present  %s" %
                  (start, end, perms, pgoff, present_pages(pgd_pa, start, end), pages,
                   vma_name(v, mm)))


# ---- ushi-pt ---------------------------------------------------------------------------

def flag_names(e, level):
    names = []
    for bit, name in PTE_BITS:
        if not e >> bit & 1:
            continue
        if bit == 7 and level == "PT":
            name = "PAT"
        elif bit == 8 and not e & 1:
            name = "PROTNONE"
        names.append(name)
    return " ".join(names) or "-"


def current_pgd_pa():
    try:
        return int(gdb.parse_and_eval("$cr3")) & PTE_PFN_MASK
    except gdb.error:                   # a stub without CR3: the current task's table
        return pa(ulong(task_mm(current_task())["pgd"]))


class UshiPt(gdb.Command):
    """ushi-pt VA [PID]: walk the page table for the virtual address VA.

Without PID it walks the table the CPU uses now (CR3); with PID, that
task's mm->pgd.  For each level (PML4, PDPT, PD, PT) it prints the index
VA selects, the entry and its flags (P present, RW writable, US user, A
accessed, D dirty, PS huge page, NX no-execute, SPECIAL: ushi's zero-page
bit), then the frame VA lands in and that frame's struct page."""

    def __init__(self):
        super().__init__("ushi-pt", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = parse_args(arg, ["ushi-pt", "VA", "[PID]"])
        if not args:
            raise gdb.GdbError("usage: ushi-pt VA [PID]")
        va = args[0] & 0xFFFFFFFFFFFFFFFF
        if len(args) > 1:
            t = find_task(args[1])
            pgd_pa, where = pa(ulong(task_mm(t)["pgd"])), "pid %d's page table" % args[1]
        else:
            pgd_pa, where = current_pgd_pa(), "the current page table (CR3)"
        print("VA 0x%x in %s, PML4 at phys 0x%x" % (va, where, pgd_pa))
        steps = pte_of(pgd_pa, va)
        for name, idx, eaddr, e in steps:
            print("  %-4s[%3d] at phys 0x%09x: %016x  %s" % (name, idx, eaddr, e, flag_names(e, name)))
        name, idx, eaddr, e = steps[-1]
        if not e & 1:
            what = "a PROT_NONE page still holding its frame" if name == "PT" and e & 0x100 else \
                   "nothing mapped: the first access faults"
            print("  not present at the %s level: %s" % (name, what))
            if not (name == "PT" and e & 0x100):
                return
        shift = dict(LEVELS)[name]
        frame = (e & PTE_PFN_MASK) & ~((1 << shift) - 1)
        phys = frame | (va & ((1 << shift) - 1))
        pfn = phys >> PAGE_SHIFT
        print("  -> frame 0x%x (pfn 0x%x), physical address 0x%x, %s" %
              (frame, pfn, phys, "writable" if e & 2 else
               "read-only (a write faults: do_wp_page)" if e & 1 else "no access"))
        print_page(pfn)


# ---- ushi-page ----------------------------------------------------------------------------

def page_flag_names(flags):
    names = []
    for f in gdb.lookup_type("enum pageflags").fields():
        if flags & f.enumval:
            names.append(f.name)
    return " ".join(names) or "-"


def print_page(pfn):
    max_pfn = int(gdb.parse_and_eval("max_pfn"))
    if pfn >= max_pfn:
        print("  pfn 0x%x is past the end of RAM (max_pfn 0x%x)" % (pfn, max_pfn))
        return
    mem_map = gdb.parse_and_eval("mem_map")
    page = mem_map[pfn]
    zero = ulong(gdb.parse_and_eval("zero_page")) - ulong(mem_map)
    zero_pfn = zero // gdb.lookup_type("struct page").sizeof
    note = "  (the shared zero page)" if pfn == zero_pfn else ""
    flags = int(page["flags"])
    # order means something only for a free block's or a kmalloc block's first page
    order = ", order %d" % int(page["order"]) if flags & (PG_BUDDY | PG_HEAD) else ""
    print("  page 0x%x: refcount %d, mapcount %d, flags 0x%x (%s)%s%s" %
          (pfn, int(page["_refcount"]), int(page["_mapcount"]), flags,
           page_flag_names(flags), order, note))


class UshiPage(gdb.Command):
    """ushi-page PFN: the struct page of a physical frame (mem_map[PFN]).

refcount counts every reference (each PTE that maps the frame, a file's
hold, an allocation); mapcount counts only user page-table entries, which
is what /proc/kpagecount reports.  A write to a private page whose frame
has refcount 2 is copied by do_wp_page; with refcount 1 it is reused."""

    def __init__(self):
        super().__init__("ushi-page", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = parse_args(arg, ["ushi-page", "PFN"])
        if not args:
            raise gdb.GdbError("usage: ushi-page PFN")
        print_page(args[0])


UshiTasks()
UshiVma()
UshiPt()
UshiPage()
