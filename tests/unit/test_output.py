"""Outputs: a regular file is replaced atomically; anything else (a pipe, /dev/null) is written, never replaced."""

import os
import stat
import threading

import pytest

from tracer.errors import TracerError
from tracer.output import write_atomic


def test_a_named_pipe_is_written_to_and_stays_a_pipe(tmp_path):
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "findings\n")
    reader.join(timeout=10)
    assert got == [b"findings\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # renaming over it would have left a regular file
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # and no temporary file behind


def test_a_regular_file_is_replaced_whole(tmp_path):
    out = tmp_path / "deep" / "report.json"
    write_atomic(out, "old")
    inode = os.stat(out).st_ino
    write_atomic(out, "new")
    assert out.read_text() == "new" and os.stat(out).st_ino != inode  # a new file renamed into place
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"]


def test_a_folder_is_a_usage_error(tmp_path):
    with pytest.raises(TracerError, match="cannot write .*: it is a folder"):
        write_atomic(tmp_path, "x")
