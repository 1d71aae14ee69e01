"""The layers stay apart (product.md §1): the q language knows nothing of torch or the
terminal, so importing and using it must not pull them in."""
import subprocess
import sys
import textwrap

HEAVY = ("torch", "prompt_toolkit", "textual")

CHECK_Q = textwrap.dedent("""
    import sys
    import mnistrepl.q
    from mnistrepl.q.interp import Interp
    from mnistrepl.q.host import BufferHost
    i = Interp(BufferHost())
    i.eval("sum til 10")
    heavy = [m for m in %r if m in sys.modules]
    assert not heavy, heavy
""" % (HEAVY,))

CHECK_SESSION = textwrap.dedent("""
    import sys
    from mnistrepl.q.host import BufferHost
    from mnistrepl.session import Session
    from mnistrepl.ui import replay
    s = Session(BufferHost())
    s.execute("a:til 3")
    heavy = [m for m in %r if m in sys.modules]
    assert not heavy, heavy
""" % (HEAVY,))


def run_python(code):
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr


def test_q_layer_imports_no_torch_or_terminal():
    run_python(CHECK_Q)


def test_session_and_replay_import_no_torch_or_terminal():
    run_python(CHECK_SESSION)
