"""The live stack only counts as started when our own child holds the port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from devstack.launch import is_listening


def test_a_port_counts_as_ours_only_when_our_process_listens_on_it() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert is_listening(os.getpid(), port)
        other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
        try:
            assert not is_listening(other.pid, port)
        finally:
            other.kill()
            other.wait()


def test_a_closed_port_is_nobodys() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not is_listening(os.getpid(), port)
