"""Hostile files and runaway values (issue 13, items 2, 3, 6, 14): a clear q error and
bounded memory. Memory bounds are enforced with `resource` limits inside a subprocess, so a
regression fails the test instead of exhausting the machine."""
import gzip
import os
import subprocess
import sys

import numpy as np
import pytest

from mnistrepl.mnist.load import MnistError, read_idx
from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session

GB = 2**30


def run_limited(args, stdin, address_space=3 * GB, cwd=None):
    """(status, stdout, stderr) of mnistrepl in a subprocess held to `address_space`."""
    return run_python(f"from mnistrepl.cli import main\nsys.exit(main({args!r}))",
                      stdin, address_space, cwd)


def run_python(code, stdin="", address_space=3 * GB, cwd=None):
    """(status, stdout, stderr) of Python code in a subprocess held to `address_space`."""
    code = f"import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, " \
           f"({int(address_space)}, {int(address_space)}))\n" + code
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    p = subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True,
                       text=True, timeout=180, env=env, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def session_output(*lines):
    s = Session(BufferHost())
    for line in lines:
        s.execute(line)
    return s.host.text()


# ------------------------------------------------------------------ item 2: endless files
@pytest.mark.parametrize("line", ["read0 `:/dev/zero", "read1 `:/dev/zero", "\\l /dev/zero"])
def test_reading_a_device_is_a_named_error(line):
    assert session_output(line).startswith("'/dev/zero. not a regular file\n")


def test_reading_a_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    rc, out, err = run_limited(["-q"], "read0 `:pipe\n\\l pipe\n1+1\n", cwd=tmp_path)
    assert out.count("not a regular file") == 2 and out.endswith("2\n") and not err


# ------------------------------------------------------------------ item 6: workspace
@pytest.mark.slow          # a subprocess growing to its limit: seconds
def test_workspace_limit_stops_a_growing_scan():
    """`{x+1}\\[0]` grows forever: with -w 300 it is 'wsfull long before the 3 GB cap."""
    rc, out, err = run_limited(["-q", "-w", "300"], "{x+1}\\[0]\ncount til 100000000\n1+1\n")
    assert out.split("\n")[0] == "'wsfull" and out.count("'wsfull") == 2
    assert out.endswith("2\n") and "Traceback" not in err


def test_workspace_option_must_be_positive():
    rc, out, err = run_limited(["-q", "-w", "0"], "")
    assert rc == 2 and "-w 0: expecting a positive number of MB" in err


def test_result_guard_uses_the_workspace_limit():
    from mnistrepl.q.workspace import WORKSPACE
    old = WORKSPACE.limit
    WORKSPACE.limit = 10 * 2**20
    try:           # 1M longs (8 MB) fit in 10 MB; 5M (40 MB) do not
        assert session_output("count til 1000000", "count til 5000000").startswith(
            "1000000\n'wsfull")
    finally:
        WORKSPACE.limit = old


def test_result_guard_counts_bytes_not_items():
    """Equal counts of items cost what their items take: 400000 booleans (17 bytes an item
    with the take's index arrays: 6.8 MB) fit in 10 MB, 400000 strings of a general list
    (64 bytes an item: 25.6 MB) do not; a table's rows count every column."""
    from mnistrepl.q.workspace import WORKSPACE
    old = WORKSPACE.limit
    WORKSPACE.limit = 10 * 2**20
    try:
        lines = ["count 400000#0b", 'count 400000#("ab";"cd")',
                 "count 300000#([]a:1 2)", "count 300000#([]a:1 2;b:3 4;c:5 6)"]
        firsts = [session_output(line).split("\n")[0] for line in lines]
        assert firsts == ["400000", "'wsfull", "300000", "'wsfull"]
    finally:
        WORKSPACE.limit = old


# ------------------------------------------------------------------ item 3, 14: MNIST files
def _idx(path, magic, dims, body):
    head = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(head)
        f.write(body)


@pytest.mark.slow          # writes and streams a 4 GB bomb: ~10 s
def test_gzip_bomb_stops_at_the_promised_size(tmp_path):
    """A few MB of gzip that expand to 4 GB, named like the labels file promising 10
    labels: read under a 1.5 GB cap, it is 'too long', not a memory exhaustion."""
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write((0x801).to_bytes(4, "big") + (10).to_bytes(4, "big"))
        chunk = bytes(2**24)
        for _ in range(256):
            f.write(chunk)
    assert path.stat().st_size < 8 * 2**20
    rc, out, err = run_python(
        "from mnistrepl.mnist.load import MnistError, read_idx\n"
        f"try: read_idx({str(path)!r}, 'l', 0x801, ())\n"
        "except MnistError as e: print(e)\n", address_space=1.5 * GB)
    assert out == "mnist: l: too long, expected 18 bytes, got 19\n", err


def test_labels_outside_0_9_are_rejected(tmp_path):
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    _idx(path, 0x801, [4], bytes([1, 2, 200, 3]))
    with pytest.raises(MnistError, match="label 200 at offset 10 is not a digit 0-9"):
        read_idx(str(path), "t10k-labels-idx1-ubyte", 0x801, ())


def test_files_with_no_images_are_rejected(tmp_path):
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    _idx(path, 0x803, [0, 28, 28], b"")
    with pytest.raises(MnistError, match="no images"):
        read_idx(str(path), "t10k-images-idx3-ubyte", 0x803, (28, 28))


# ------------------------------------------------------------------ item 5: deep paths
DEEP = "x:{enlist x}/[100000;0]\n"          # a list 100000 levels deep


def test_indexing_a_deep_list_at_depth_takes_linear_memory():
    """`.[x;100000#0]` once sliced the path at every level (7.5 GB before 'stack): it now
    walks the path by offset and reaches the atom, within a 1.5 GB address space."""
    rc, out, err = run_limited(["-q"], DEEP + ".[x;100000#0]\nx . 100000#0\n1+1\n",
                               address_space=1.5 * GB)
    assert out == "0\n0\n2\n" and "Traceback" not in err


def test_amending_a_deep_list_at_depth_fails_fast_with_stack():
    """Amend rebuilds every level on the way back, so past Python's depth it is 'stack,
    quickly and in bounded memory; the session goes on."""
    rc, out, err = run_limited(["-q"], DEEP + ".[x;100000#0;:;1]\n.[x;100000#0;+;1]\n1+1\n",
                               address_space=1.5 * GB)
    assert out.count("'stack") == 2 and out.endswith("2\n") and "Traceback" not in err
