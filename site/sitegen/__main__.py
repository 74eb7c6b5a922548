import gc
import os
import sys

# A one-shot build keeps what it makes until it ends, so the cyclic collector's passes free nothing:
# off from the first import (~8 ms of them) to the exit (a full pass when build() turned it back on).
gc.disable()

from sitegen.cli import main  # noqa: E402 - after the collector is off

code = main()
# Skip tearing down the interpreter: freeing every cached article and page object one by one takes
# tens of milliseconds of a rebuild that is otherwise done. Every file is closed by now.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
