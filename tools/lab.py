#!/usr/bin/env python3
"""lab.py - ushi's labs (docs/labs.md): student trees and their scores.

  lab.py check                  every lab's markers and stubs agree
  lab.py make LAB DIR           write the student tree of LAB at DIR
  lab.py tests LAB...           the graded tests of the labs (for T=)
  lab.py score LAB LOG          score a test log; exit 0 only at 100/100
  lab.py stubcheck LAB LOG      the stub's run ended as labs/LAB/grade expects
  lab.py grade-all FOLDER       grade every student tree in FOLDER, a table

A lab's regions are marked in the kernel sources by a pair of comment
lines, "/* LAB name: begin region */" and "/* LAB name: end region */".
labs/NAME/stubs.c holds the stub of each region, after a line
"/* LAB name: stub region */".  The student tree is the source tree with
each region's lines replaced by its stub (the markers stay, so the
student finds the places); the solution is this tree itself.  Every
mismatch - a marker without its pair, regions nested or repeated, a
region without a stub or a stub without a region - fails loudly.
"""
import os
import re
import shutil
import subprocess
import sys

MARK = re.compile(r'^\s*/\* LAB ([a-z0-9_]+): (begin|end|stub) ([a-z0-9_]+) \*/\s*$')
SOURCE_DIRS = ('boot', 'kernel', 'mm', 'fs', 'ipc', 'include', 'vdso')


class LabError(Exception):
    pass


def root_dir():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def all_labs(root):
    d = os.path.join(root, 'labs')
    return sorted(n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n, 'grade')))


def tracked_files(root):
    """The files git tracks or would (not ignored), as they are in the working tree."""
    out = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                         cwd=root, check=True, stdout=subprocess.PIPE).stdout.decode()
    # dict.fromkeys: a file in a merge conflict is listed once per stage
    return [f for f in dict.fromkeys(out.split('\0')) if f and os.path.isfile(os.path.join(root, f))]


def source_files(root):
    return [f for f in tracked_files(root)
            if f.split('/')[0] in SOURCE_DIRS and f.endswith(('.c', '.h', '.S'))]


def find_regions(root, files):
    """{lab: {region: (file, begin_line_index, end_line_index)}} of the markers."""
    regions = {}
    for f in files:
        with open(os.path.join(root, f)) as fh:
            lines = fh.read().split('\n')
        open_region = None
        for i, line in enumerate(lines):
            m = MARK.match(line)
            if not m:
                if 'LAB ' in line and '/*' in line and re.search(r'/\* LAB [a-z]', line):
                    raise LabError(f'{f}:{i + 1}: a malformed lab marker: {line.strip()}')
                continue
            lab, kind, region = m.groups()
            where = f'{f}:{i + 1}'
            if kind == 'stub':
                raise LabError(f'{where}: a stub header in the sources')
            if kind == 'begin':
                if open_region:
                    raise LabError(f'{where}: {lab} {region} begins inside {open_region[0]} {open_region[1]}')
                open_region = (lab, region, i)
                continue
            if not open_region or open_region[:2] != (lab, region):
                raise LabError(f'{where}: "end {region}" of lab {lab} without its begin')
            if region in regions.setdefault(lab, {}):
                raise LabError(f'{where}: lab {lab} has two regions named {region}')
            regions[lab][region] = (f, open_region[2], i)
            open_region = None
        if open_region:
            raise LabError(f'{f}:{open_region[2] + 1}: {open_region[0]} {open_region[1]} never ends')
    return regions


def read_stubs(root, lab):
    """{region: [lines]} from labs/LAB/stubs.c."""
    path = os.path.join(root, 'labs', lab, 'stubs.c')
    stubs, current = {}, None
    with open(path) as fh:
        for n, line in enumerate(fh.read().rstrip('\n').split('\n'), 1):
            m = MARK.match(line)
            if m:
                mlab, kind, region = m.groups()
                if mlab != lab or kind != 'stub':
                    raise LabError(f'{path}:{n}: expected "/* LAB {lab}: stub REGION */": {line.strip()}')
                if region in stubs:
                    raise LabError(f'{path}:{n}: a second stub for {region}')
                current = stubs[region] = []
            elif current is not None:
                current.append(line)
    if not stubs:
        raise LabError(f'{path}: no stub')
    return stubs


def stub_expectation(root, lab):
    """How the stub's run must end: 'runs' (the runner's summary; the
    default) or 'panics' (a line "expect-stub: panics" in the grade list:
    a stub that no user program survives)."""
    with open(os.path.join(root, 'labs', lab, 'grade')) as fh:
        for line in fh:
            if line.startswith('expect-stub:'):
                return line.split(':', 1)[1].strip()
    return 'runs'


def read_grade(root, lab):
    """[(test, points, description)] from labs/LAB/grade; the points sum to 100."""
    path = os.path.join(root, 'labs', lab, 'grade')
    checks = []
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('expect-stub:'):
                if line.split(':', 1)[1].strip() not in ('runs', 'panics'):
                    raise LabError(f'{path}:{n}: expect-stub: runs or panics')
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or not parts[1].isdigit():
                raise LabError(f'{path}:{n}: expected "TEST POINTS DESCRIPTION": {line}')
            checks.append((parts[0], int(parts[1]), parts[2]))
    total = sum(c[1] for c in checks)
    if total != 100:
        raise LabError(f'{path}: the points add up to {total}, not 100')
    return checks


def check_lab(root, lab, regions):
    """The lab's stubs and regions match one to one; returns the regions."""
    stubs = read_stubs(root, lab)
    mine = regions.get(lab, {})
    for region in stubs:
        if region not in mine:
            raise LabError(f'labs/{lab}/stubs.c: the stub {region} has no region in the sources')
    for region, (f, b, _) in mine.items():
        if region not in stubs:
            raise LabError(f'{f}:{b + 1}: region {lab} {region} has no stub in labs/{lab}/stubs.c')
    for test, _, _ in read_grade(root, lab):
        if test != 'suite_frames_returned' and not os.path.isfile(os.path.join(root, 'tests', test + '.c')):
            raise LabError(f'labs/{lab}/grade: no test tests/{test}.c')
    if not os.path.isfile(os.path.join(root, 'labs', lab, 'LAB.md')):
        raise LabError(f'labs/{lab}: no handout LAB.md')
    return stubs


def cmd_check(root):
    regions = find_regions(root, source_files(root))
    labs = all_labs(root)
    for lab in regions:
        if lab not in labs:
            raise LabError(f'the sources mark regions of lab {lab}, but labs/{lab}/grade does not exist')
    for lab in labs:
        check_lab(root, lab, regions)
        print(f'lab {lab}: {len(regions.get(lab, {}))} regions, stubs and grade list agree')


def stubbed(lines, spans, stubs):
    """lines with each (begin, end) span's inside replaced by its stub."""
    out, i = [], 0
    for region, b, e in sorted(spans, key=lambda s: s[1]):
        out += lines[i:b + 1] + stubs[region]
        i = e
    return out + lines[i:]


def cmd_make(root, lab, dest):
    """The student tree: the sources with LAB's regions stubbed, the rest
    of the tree as is (unchanged files keep their times, so a build that
    reuses ours sees them as old), only this lab's grade list and
    handout, LAB.md at the root, and a git repository around it."""
    if lab not in all_labs(root):
        raise LabError(f'no lab {lab}: the labs are {" ".join(all_labs(root))}')
    if os.path.exists(dest):
        raise LabError(f'{dest} exists (a student tree, perhaps with work in it): remove it first')
    files = tracked_files(root)
    regions = find_regions(root, source_files(root))
    stubs = check_lab(root, lab, regions)
    by_file = {}
    for region, (f, b, e) in regions[lab].items():
        by_file.setdefault(f, []).append((region, b, e))
    keep = {'labs/labs.mk', f'labs/{lab}/grade', f'labs/{lab}/LAB.md'}
    for f in files:
        if f.startswith('labs/') and f not in keep:
            continue
        src, dst = os.path.join(root, f), os.path.join(dest, f)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if f in by_file:
            with open(src) as fh:
                lines = fh.read().split('\n')
            with open(dst, 'w') as fh:
                fh.write('\n'.join(stubbed(lines, by_file[f], stubs)))
            shutil.copymode(src, dst)
        else:
            shutil.copy2(src, dst)
    shutil.copy2(os.path.join(root, 'labs', lab, 'LAB.md'), os.path.join(dest, 'LAB.md'))
    git = ['git', '-c', 'user.name=ushi lab', '-c', 'user.email=lab@ushi.invalid',
           '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false']
    subprocess.run(git + ['init', '-q'], cwd=dest, check=True)
    subprocess.run(git + ['add', '-A'], cwd=dest, check=True)
    subprocess.run(git + ['commit', '-q', '-m', f'lab {lab}: the start of the lab'], cwd=dest, check=True)
    print(f'lab {lab}: the student tree is {dest} (read LAB.md there; make grade scores it)')


def cmd_tests(root, labs):
    seen = []
    for lab in labs:
        for test, _, _ in read_grade(root, lab):
            if test != 'suite_frames_returned' and test not in seen:
                seen.append(test)
    print(' '.join(seen))


def verdicts(log):
    """{test: 'ok' | why it failed} from the runner's TAP in log; whether
    the run ended (its summary line), the kernel panicked, it was built."""
    got, finished, panic, built = {}, False, False, True
    try:
        with open(log, errors='replace') as fh:
            for line in fh:
                line = line.rstrip('\r\n')
                m = re.match(r'^(not )?ok \d+ - ([A-Za-z0-9_.+-]+)( # (.*))?$', line)
                if m:
                    if m.group(1):
                        got[m.group(2)] = m.group(4) or 'failed'
                    elif m.group(4) and m.group(4).startswith('SKIP'):
                        got[m.group(2)] = 'skipped (' + m.group(4) + ')'
                    else:
                        got[m.group(2)] = 'ok'
                elif line.startswith('# runner: '):
                    finished = True
                elif 'Kernel panic' in line:
                    panic = True
                elif line == 'grade: the build failed':
                    built = False
    except OSError:
        pass
    return got, finished, panic, built


def cmd_score(root, lab, log):
    """One line per graded check, then the score; True at 100."""
    got, finished, panic, built = verdicts(log)
    if not built:
        why_missing = 'the build failed'
    elif panic:
        why_missing = 'kernel panic'
    else:
        why_missing = 'did not run' if finished else 'no verdict (crash or timeout)'
    score = 0
    print(f'== lab {lab}')
    for test, points, desc in read_grade(root, lab):
        verdict = got.get(test, why_missing)
        earned = points if verdict == 'ok' else 0
        score += earned
        note = '' if earned else f'  [{verdict}]'
        print(f'  {earned:3d}/{points:<3d} {test:28s} {desc}{note}')
    print(f'Score: {score}/100')
    return score == 100


def cmd_stubcheck(root, lab, log):
    """True if the student tree's run ended as the lab expects: a stub
    meant to run the tests that panics or hangs instead is broken (say,
    by a kernel change its text did not follow), though it scores below 100."""
    _, finished, panic, built = verdicts(log)
    want = stub_expectation(root, lab)
    got = 'the build failed' if not built else 'panics' if panic else 'runs' if finished else 'hangs'
    if got != want:
        print(f'lab.py: the stub of lab {lab} {got}; labs/{lab}/grade expects: {want}', file=sys.stderr)
        return False
    return True


def cmd_grade_all(folder):
    """Grades every student tree directly under folder (each with its own
    make grade: they take the QEMU lock one after another)."""
    rows = []
    for name in sorted(os.listdir(folder)):
        tree = os.path.join(folder, name)
        if not os.path.isfile(os.path.join(tree, 'labs', 'labs.mk')):
            continue
        labs = [n for n in os.listdir(os.path.join(tree, 'labs'))
                if os.path.isfile(os.path.join(tree, 'labs', n, 'grade'))]
        lab = labs[0] if len(labs) == 1 else '?'
        r = subprocess.run(['make', '--no-print-directory', '-C', tree, 'grade'],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out = r.stdout.decode(errors='replace')
        with open(os.path.join(tree, 'grade.log'), 'w') as fh:
            fh.write(out)
        m = re.findall(r'^Score: (\d+)/100$', out, re.M)
        rows.append((name, lab, m[-1] if m else 'error'))
        print(f'{name}: {rows[-1][2]}', file=sys.stderr)
    width = max([len(r[0]) for r in rows] + [4])
    print(f'{"tree":{width}s}  {"lab":6s}  score')
    for name, lab, score in rows:
        print(f'{name:{width}s}  {lab:6s}  {score}')


def main(argv):
    root = root_dir()
    try:
        if argv[:1] == ['check'] and len(argv) == 1:
            cmd_check(root)
        elif argv[:1] == ['make'] and len(argv) == 3:
            cmd_make(root, argv[1], argv[2])
        elif argv[:1] == ['tests'] and len(argv) >= 2:
            cmd_tests(root, argv[1:])
        elif argv[:1] == ['score'] and len(argv) == 3:
            return 0 if cmd_score(root, argv[1], argv[2]) else 1
        elif argv[:1] == ['stubcheck'] and len(argv) == 3:
            return 0 if cmd_stubcheck(root, argv[1], argv[2]) else 1
        elif argv[:1] == ['grade-all'] and len(argv) == 2:
            cmd_grade_all(argv[1])
        else:
            print(__doc__.split('\n\n')[0] + '\n' + __doc__.split('\n\n')[1], file=sys.stderr)
            return 2
    except LabError as e:
        print(f'lab.py: {e}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
