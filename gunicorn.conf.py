"""gunicorn's settings for Newsroom, read from the environment like the site's.

gunicorn loads this file by itself when started from the project folder:
`gunicorn newsroom.wsgi`. Every log line, gunicorn's and the site's, is one
JSON object on stdout.
"""

import ctypes
import ctypes.util
import gc
import os

from newsroom.logging import stdout_logging

bind = [os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request still running after this is killed and logged; a page never needs it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))

# Behind PROXY_COUNT proxies the nearest one is the only peer, whatever its
# address: trust its X-Forwarded-Proto, as the site's settings do. Without
# proxies gunicorn's own default (local addresses only) stands.
if int(os.environ.get("PROXY_COUNT") or 0) and "FORWARDED_ALLOW_IPS" not in os.environ:
    forwarded_allow_ips = "*"

accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# ACCESS_LOG=false when the proxy in front already logs every request.
_access_level = (
    "INFO" if os.environ.get("ACCESS_LOG", "true").lower() != "false" else "WARNING"
)
logconfig_dict = stdout_logging(
    "INFO", gunicorn__error="INFO", gunicorn__access=_access_level
)


def post_worker_init(worker):
    """Leave what start-up loaded (Django, the URL patterns, templates) out
    of the garbage collector's sweeps, and sweep less often: a page makes
    tens of thousands of short-lived objects, and each full sweep walked
    every long-lived one again."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    keep_freed_memory()


GC_THRESHOLD = int(os.environ.get("GC_THRESHOLD", "20000"))

# glibc's mallopt() parameters, and the values a worker runs with.
M_TOP_PAD, M_MMAP_THRESHOLD = -2, -3
TOP_PAD = 16 * 1024 * 1024
MMAP_THRESHOLD = 4 * 1024 * 1024


def keep_freed_memory():
    """Have glibc's allocator keep the memory a request frees for the next.

    A page with its comments is some 200 KB, built and sent as several blocks
    that size. By default glibc maps each block from the kernel and unmaps it
    when freed, or hands the freed top of its heap back at once, so every
    request faulted in fresh pages: a fifth of a cached page's time.
    Blocks under MMAP_THRESHOLD now come from the heap, and up to TOP_PAD of
    free heap is kept. Operators who set glibc's own MALLOC_TOP_PAD_ or
    MALLOC_MMAP_THRESHOLD_ keep theirs; other C libraries are left alone.
    """
    if {"MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_"} & os.environ.keys():
        return
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(M_TOP_PAD, TOP_PAD)
