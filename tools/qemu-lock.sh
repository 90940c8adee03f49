#!/bin/sh
# qemu-lock.sh COMMAND [ARGS...]
# Runs COMMAND under the machine-wide QEMU lock, /tmp/ushi-test.lock: the
# host's cores are shared, and a boot that has to wait for a core takes
# longer than its timeout allows.  `make test` takes the lock once for all
# its boots (it runs at most two at a time, one per core) and sets
# USHI_LOCK_HELD=1 for the scripts it runs: flock is not reentrant across
# processes, so taking the lock again here would wait for make test forever.
if [ "$USHI_LOCK_HELD" = 1 ]; then
	exec "$@"
fi
exec flock /tmp/ushi-test.lock "$@"
