#!/bin/sh
# initrd_stale.sh - the test initramfs holds exactly the tests of the day.
#
# Builds the test archive in a scratch build tree for two tests, then for
# one of them (as when a test file is deleted): the archive must be
# rebuilt and no longer hold the other, though its binary is still in
# the build tree.  A third build with the same tests must leave the
# archive alone.
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/initrd_stale.XXXXXX)
trap 'rm -rf "$dir"' EXIT
fails=0
check() {
	if eval "$2"; then
		echo "initrd_stale: ok $1"
	else
		echo "initrd_stale: FAIL $1"
		fails=$((fails + 1))
	fi
}
packed() { cpio -t --quiet < "$dir/initrd-test.cpio" | grep '^tests/' | sort | tr '\n' ' '; }
build() { make -s BUILD="$dir" TESTS="$*" "$dir/initrd-test.cpio" >/dev/null; }

build "$dir/tests/fd_ebadf $dir/tests/malloc_small" || exit 1
check "two tests packed" '[ "$(packed)" = "tests/fd_ebadf tests/malloc_small " ]'
build "$dir/tests/fd_ebadf" || exit 1
check "one test deleted: the archive is rebuilt without it" '[ "$(packed)" = "tests/fd_ebadf " ]'
check "its stale binary is still in the build tree" '[ -x "$dir/tests/malloc_small" ]'
was=$(stat -c %.Y "$dir/initrd-test.cpio")
build "$dir/tests/fd_ebadf" || exit 1
check "the same tests again: the archive is left alone" \
	'[ "$(stat -c %.Y "$dir/initrd-test.cpio")" = "$was" ]'
exit $fails
