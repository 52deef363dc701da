"""2 MB pages for the vector graph's memory.

A graph search hops between nodes scattered over the int8 codes (384 bytes a vector)
and the link lists: at 1M creators 2.7 GB of post codes and 0.9 GB of links. On 4 KB
pages nearly every hop misses the CPU's address-translation cache and waits for a page
walk as well as for the data. numpy already asks Linux for 2 MB pages for its large
arrays (the sketches, the flat vectors); FAISS allocates the graph itself with
``malloc``, which gets 4 KB pages. :func:`collapse` asks the kernel to move a range
onto 2 MB pages now (``MADV_COLLAPSE``, Linux 6.1+). On the 1M corpus, two copies of
a space searched alternately, the 400-deep graph searches took 1.08-1.14x less time on
2 MB pages (content, 5.8 -> 5.4 ms p50) and 1.14-1.18x (profile, 1.9 -> 1.6 ms); a whole
match or search, where the graph search is one stage of several, moved 1.00-1.07x
(docs/benchmarks.md, section 2, the ``bm25`` and ``hugepages`` rounds).

Best effort: where the kernel or the platform cannot (no ``madvise``, transparent huge
pages turned off, no free 2 MB blocks), the memory stays as it was and searches give the
same answers, only slower.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import sys

log = logging.getLogger(__name__)

#: Linux's ``madvise`` advice values (``asm-generic/mman-common.h``).
MADV_HUGEPAGE = 14
MADV_COLLAPSE = 25
HUGE_PAGE = 2 << 20
#: Collapsed a slice at a time, so that one slice the kernel cannot place (``EAGAIN``:
#: no free 2 MB block right now) does not stop the rest.
SLICE = 64 << 20

_madvise = None
if sys.platform.startswith("linux"):
    try:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        _madvise = _libc.madvise
        _madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        _madvise.restype = ctypes.c_int
    except (OSError, AttributeError):  # pragma: no cover - a libc without madvise
        _madvise = None


def available() -> bool:
    """Whether this system can put a range on 2 MB pages on request: Linux 6.1 or later
    (``MADV_COLLAPSE``) with transparent huge pages not turned off."""
    if _madvise is None:
        return False
    try:
        major, minor = (int(part) for part in
                        os.uname().release.split("-")[0].split(".")[:2])
        with open("/sys/kernel/mm/transparent_hugepage/enabled", encoding="ascii") as f:
            mode = f.read()
    except (OSError, ValueError):
        return False
    return (major, minor) >= (6, 1) and "[never]" not in mode


def collapse(address: int, nbytes: int) -> int:
    """Back the whole 2 MB pages inside ``[address, address + nbytes)`` with 2 MB pages
    (and keep them so as the range is touched again); returns how many bytes the kernel
    moved or found already there, 0 where it cannot. The range must be memory this
    process owns (an array's buffer); its contents do not change."""
    if _madvise is None or nbytes <= 0:
        return 0
    lo = -(-address // HUGE_PAGE) * HUGE_PAGE
    hi = (address + nbytes) // HUGE_PAGE * HUGE_PAGE
    done = 0
    for start in range(lo, hi, SLICE):
        size = min(SLICE, hi - start)
        if _madvise(start, size, MADV_HUGEPAGE) != 0:
            log.debug("madvise(MADV_HUGEPAGE) refused: %s", errno.errorcode.get(
                ctypes.get_errno(), ctypes.get_errno()))
            return done
        for _ in range(2):  # EAGAIN is transient: try a slice once more
            if _madvise(start, size, MADV_COLLAPSE) == 0:
                done += size
                break
            code = ctypes.get_errno()
            if code != errno.EAGAIN:
                if code in (errno.EINVAL, errno.EPERM, errno.ENOSYS):
                    return done  # an older kernel, or huge pages turned off
                break  # ENOMEM and the like: this slice stays, the next may not
    return done


def huge_bytes(address: int, nbytes: int) -> int:
    """About how many bytes of ``[address, address + nbytes)`` lie on 2 MB pages now,
    from ``/proc/self/smaps`` (0 where it cannot tell). A mapping's huge pages are
    counted up to its overlap with the range: smaps does not say where they lie."""
    end = address + nbytes
    total = 0
    try:
        with open("/proc/self/smaps", encoding="ascii", errors="replace") as smaps:
            lo = hi = 0
            for line in smaps:
                head = line.split(None, 1)[0]
                if "-" in head and not head.endswith(":"):
                    first, _, last = head.partition("-")
                    lo, hi = int(first, 16), int(last, 16)
                elif head == "AnonHugePages:" and lo < end and hi > address:
                    kb = int(line.split()[1])
                    # the share of this mapping's huge pages that lie inside the range
                    inside = min(hi, end) - max(lo, address)
                    total += min(kb * 1024, inside)
    except OSError:
        return 0
    return total
