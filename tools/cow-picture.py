#!/usr/bin/env python3
"""cow-picture.py SERIAL.log OUT.svg - draw copy-on-write from a real run.

Reads the serial log of a boot of cowdemo with trace=cow (`make cow-picture`)
and draws docs/img/cow.svg: the parent's pages on the left, the child's on
the right, physical frames in the middle, in two panels:

  1. right after fork: both processes' pages point at the same frames;
  2. after the child's writes: each written page split, the child's page
     now points at a new frame (the copy), the parent keeps the old one.

Two sources, cross-checked against each other:
  * cowdemo's own lines (user/cowdemo.c), read from /proc/self/pagemap
    and /proc/kpagecount:  "cowdemo:   child  page 0: frame 0xffd6, count 2"
    under "cowdemo: Step N: ..." headings (step 2: after fork, step 3:
    after the child's writes);
  * the kernel's trace lines (kernel/trace.c):
    "[trace] fault pid=P va=0x... kind=cow-copy pfn=0xOLD->0xNEW count=2->1"
A log that does not tell one consistent story is an error (exit 1), so a
test can trust a picture this script agrees to draw.

Python 3 standard library only.  The output depends only on the log.
"""
import re
import sys
from xml.sax.saxutils import escape

DEMO_LINE = re.compile(r"^cowdemo:\s+(parent|child)\s+page (\d+): frame 0x([0-9a-f]+), count (\d+)")
STEP_LINE = re.compile(r"^cowdemo: Step (\d+):")
TRACE_LINE = re.compile(r"^\[trace\] fault pid=(\d+) va=0x([0-9a-f]+) kind=(\S+) "
                        r"pfn=0x([0-9a-f]+)->0x([0-9a-f]+) count=(-?\d+)->(-?\d+)")

AFTER_FORK, AFTER_WRITE = 2, 3     # cowdemo's step numbers


class LogError(Exception):
    pass


def parse(lines):
    """Returns (tables, events): tables[step][who][page] = (pfn, count);
    events = the cow-copy trace lines as dicts."""
    tables, events, step = {}, [], None
    for raw in lines:
        line = raw.rstrip("\r\n")
        m = STEP_LINE.match(line)
        if m:
            step = int(m.group(1))
            continue
        m = DEMO_LINE.match(line)
        if m and step is not None:
            who, page, pfn, count = m.group(1), int(m.group(2)), int(m.group(3), 16), int(m.group(4))
            tables.setdefault(step, {}).setdefault(who, {})[page] = (pfn, count)
            continue
        m = TRACE_LINE.match(line)
        if m and m.group(3) == "cow-copy":
            events.append({"pid": int(m.group(1)), "va": int(m.group(2), 16),
                           "old": int(m.group(4), 16), "new": int(m.group(5), 16),
                           "before": int(m.group(6)), "after": int(m.group(7))})
    return tables, events


def story(tables, events):
    """Checks the log tells one consistent copy-on-write story; returns
    (pages, shared, splits) with shared[page] = (pfn, count) after fork and
    splits[page] = the trace event that split it."""
    for step in (AFTER_FORK, AFTER_WRITE):
        for who in ("parent", "child"):
            if not tables.get(step, {}).get(who):
                raise LogError("no '%s page N: frame ...' lines in cowdemo's step %d "
                               "(is this a cowdemo log?)" % (who, step))
    fork_p, fork_c = tables[AFTER_FORK]["parent"], tables[AFTER_FORK]["child"]
    pages = sorted(fork_p)
    if sorted(fork_c) != pages:
        raise LogError("parent and child list different pages after fork")
    shared = {}
    for page in pages:
        if fork_p[page][0] != fork_c[page][0] or fork_p[page][1] != 2 or fork_c[page][1] != 2:
            raise LogError("page %d is not one frame with count 2 after fork" % page)
        shared[page] = fork_p[page]
    by_old = {}
    for e in events:
        by_old.setdefault(e["old"], []).append(e)
    write_p, write_c = tables[AFTER_WRITE]["parent"], tables[AFTER_WRITE]["child"]
    splits = {}
    for page in pages:
        old = shared[page][0]
        if write_p[page][0] != old:
            raise LogError("the parent's page %d moved: copy-on-write moves the writer" % page)
        if write_c[page][0] == old:
            if write_c[page][1] != 2 or write_p[page][1] != 2:
                raise LogError("page %d is unwritten but not shared by 2" % page)
            continue
        found = [e for e in by_old.get(old, []) if e["new"] == write_c[page][0]]
        if not found:
            raise LogError("page %d split (frame 0x%x -> 0x%x) but no trace line says so: "
                           "boot with trace=cow" % (page, old, write_c[page][0]))
        e = found[0]
        if (e["before"], e["after"]) != (2, 1) or write_p[page][1] != 1 or write_c[page][1] != 1:
            raise LogError("page %d split without the counts going 2 -> 1" % page)
        splits[page] = e
    if not splits:
        raise LogError("the child's writes split no frame")
    return pages, shared, splits


# ---- drawing ------------------------------------------------------------------------------

W = 980
PAGE = 4096
ROW = 58
BOX_H = 40
COL_PARENT, COL_FRAME, COL_COPY, COL_CHILD = 30, 305, 570, 800
PAGE_W, FRAME_W, COPY_W = 150, 160, 160
STYLE = {
    "page": ("#f3f3f3", "#555555"),
    "shared": ("#d6e6ff", "#2f67b1"),
    "split": ("#ffe2b8", "#c46f00"),
    "copy": ("#d4f2d4", "#2c8a4b"),
}


def box(out, x, y, w, kind, lines, attrs=""):
    fill, stroke = STYLE[kind]
    out.append('<g %s>' % attrs if attrs else "<g>")
    out.append('<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="%s" '
               'stroke-width="1.5"/>' % (x, y, w, BOX_H, fill, stroke))
    for i, text in enumerate(lines):
        ty = y + (BOX_H // 2 + 5 if len(lines) == 1 else 17 + 15 * i)
        weight = ' font-weight="bold"' if i == 0 else ""
        out.append('<text x="%d" y="%d" text-anchor="middle"%s>%s</text>'
                   % (x + w // 2, ty, weight, escape(text)))
    out.append("</g>")


def arrow(out, x1, y1, x2, y2, color, dashed=False, label=None):
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    marker = "arrow-grey" if color == "#444444" else "arrow-green"
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="1.8"%s '
               'marker-end="url(#%s)"/>' % (x1, y1, x2, y2, color, dash, marker))
    if label:
        out.append('<text x="%d" y="%d" text-anchor="middle" font-size="11" fill="%s">%s</text>'
                   % ((x1 + x2) // 2, max(y1, y2) + 15, color, escape(label)))


def panel(out, top, title, subtitle, pages, shared, splits, base, after):
    out.append('<g class="panel" data-panel="%s">' % ("after-write" if after else "after-fork"))
    out.append('<text x="%d" y="%d" font-size="16" font-weight="bold">%s</text>'
               % (COL_PARENT, top + 22, escape(title)))
    out.append('<text x="%d" y="%d" fill="#444444">%s</text>' % (COL_PARENT, top + 42, escape(subtitle)))
    heads = [(COL_PARENT + PAGE_W // 2, "parent's pages"), (COL_FRAME + FRAME_W // 2, "physical frames"),
             (COL_CHILD + PAGE_W // 2, "child's pages")]
    if after:
        heads.append((COL_COPY + COPY_W // 2, "new frames (copies)"))
    for x, text in heads:
        out.append('<text x="%d" y="%d" text-anchor="middle" font-style="italic" fill="#666666">%s</text>'
                   % (x, top + 68, escape(text)))
    for row, page in enumerate(pages):
        y = top + 80 + row * ROW
        mid = y + BOX_H // 2
        pfn, _ = shared[page]
        split = after and page in splits
        where = ["page %d" % page, "at 0x%x" % (base + page * PAGE)]
        box(out, COL_PARENT, y, PAGE_W, "page", where)
        box(out, COL_CHILD, y, PAGE_W, "page", where)
        state = "split" if split else "shared"
        count = 1 if split else 2
        box(out, COL_FRAME, y, FRAME_W, state, ["frame 0x%x" % pfn, "count %d" % count],
            'class="frame" data-state="%s" data-pfn="0x%x"' % (state, pfn))
        arrow(out, COL_PARENT + PAGE_W, mid, COL_FRAME - 4, mid, "#444444")
        if split:
            e = splits[page]
            box(out, COL_COPY, y, COPY_W, "copy", ["frame 0x%x" % e["new"], "count 1"],
                'class="frame" data-state="copy" data-pfn="0x%x"' % e["new"])
            arrow(out, COL_CHILD, mid, COL_COPY + COPY_W + 4, mid, "#444444")
            arrow(out, COL_FRAME + FRAME_W, mid, COL_COPY - 4, mid, "#2c8a4b", dashed=True,
                  label="cow-copy %d->%d" % (e["before"], e["after"]))
        else:
            arrow(out, COL_CHILD, mid, COL_FRAME + FRAME_W + 4, mid, "#444444")
    out.append("</g>")
    return top + 80 + len(pages) * ROW


def draw(pages, shared, splits):
    n, s = len(pages), len(splits)
    # The trace gives a split page's virtual address; the buffer is contiguous.
    first = min(splits)
    base = splits[first]["va"] - first * PAGE
    nums = [str(p) for p in sorted(splits)]
    written = nums[0] if s == 1 else ", ".join(nums[:-1]) + " and " + nums[-1]
    height = 2 * (80 + n * ROW) + 150
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="DejaVu Sans, Verdana, sans-serif" font-size="13">' % (W, height, W, height),
           "<title>Copy-on-write after fork, from a real ushi run</title>",
           "<desc>Drawn by tools/cow-picture.py from the serial log of cowdemo booted with "
           "trace=cow: %d frames shared after fork, %d split by the child's writes.</desc>" % (n, s),
           "<defs>",
           '<marker id="arrow-grey" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444444"/></marker>',
           '<marker id="arrow-green" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2c8a4b"/></marker>',
           "</defs>",
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           '<text x="%d" y="30" font-size="20" font-weight="bold">Copy-on-write after fork '
           '(cowdemo, frame numbers from a real run)</text>' % COL_PARENT]
    top = panel(out, 45, "1. Right after fork()",
                "Both page tables map the same %d frames, write-protected: nothing was copied "
                "(count 2 = two page tables)." % n, pages, shared, splits, base, False)
    top = panel(out, top + 10, "2. After the child writes to page%s %s" % ("s" if s > 1 else "", written),
                "Each write faulted; the frame was shared, so the kernel copied it for the child. "
                "Unwritten pages stay shared.", pages, shared, splits, base, True)
    out.append('<text x="%d" y="%d" fill="#444444">Blue: shared by parent and child. Orange: '
               'the old frame, now the parent\'s alone. Green: the child\'s new copy.</text>'
               % (COL_PARENT, top + 25))
    out.append('<text x="%d" y="%d" fill="#444444">Same virtual address in both processes, '
               'different frames after the write. Frames and counts: /proc/self/pagemap and '
               '/proc/kpagecount;</text>' % (COL_PARENT, top + 45))
    out.append('<text x="%d" y="%d" fill="#444444">copies and addresses: the kernel\'s trace=cow '
               'lines.</text>' % (COL_PARENT, top + 65))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: cow-picture.py SERIAL.log OUT.svg\n")
        return 2
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        tables, events = parse(f)
    try:
        pages, shared, splits = story(tables, events)
    except LogError as e:
        sys.stderr.write("cow-picture: %s: %s\n" % (argv[1], e))
        return 1
    svg = draw(pages, shared, splits)
    with open(argv[2], "w", encoding="utf-8") as f:
        f.write(svg)
    print("cow-picture: %s: %d pages, %d frames shared after fork, %d split by the child's writes"
          % (argv[2], len(pages), len(pages), len(splits)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
