"""Every glyph on every pairing of sample values raises only QError (never a Python
exception), q-subset.md §5 and §13.1."""
import itertools

import pytest

from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp
from mnistrepl.q.eval.glyphs import VERBS

SAMPLES = [
    "1b", "0x2a", "3h", "0Nh", "7i", "0Wi", "5", "0N", "-0W", "2.5e", "1.5", "0n", "0w", '"a"',
    "`a", "`", "2024.05.01", "0Nd", "10:30:00.000", "10:30", "10:30:00", "2024.05m",
    "2024.05.01D10:30:00.000000000", "0D00:00:01.000000000",
    "101b", "`byte$1 2", "1 2h", "1 2i", "1 2 3", "0 1 0N", "1.5 2.5e", "1.5 0n 2", '"abc"', "`a`b",
    "2024.05.01 2024.05.02", "10:30 11:00", "()", "(1;`a)", "(1 2;3 4)", '("ab";"cd")', "(1;2.5;`c)",
    "`a`b!1 2", "`a`b!(1 2;3)", "([]a:1 2)!([]b:3 4)", "1 2!`a`b", "([]a:1 2;b:3 4)", "([]a:`x`y)",
    "([k:1 2]v:3 4)", "{x+y}", "{x}", "(+)", "neg", "::", "(+/)", "1+", "`a`b!(`c`d!1 2;3)",
    "(1 2;`a`b!1 2)", "enlist 1", "1#0n", "0#0", "0#`", "(til 3;3#`x)",
]


@pytest.fixture(scope="module")
def env():
    interp = Interp(BufferHost())
    vals = []
    for s in SAMPLES:
        vals.append((s, interp.eval(s)))
    return interp, vals


def _call(interp, fn, args, label):
    try:
        fn(*args)
    except QError as e:
        assert not e.name.startswith("internal"), f"{label}: '{e.name}"
    except RecursionError:
        pass
    except Exception as e:   # noqa: BLE001 - the point of the test
        raise AssertionError(f"{label}: {type(e).__name__}: {e}") from e


def _glyphs():
    return [g for g in VERBS if g not in ("!",)]   # 0N!x prints; checked separately


@pytest.mark.parametrize("glyph", _glyphs())
def test_dyads_raise_only_qerror(env, glyph):
    interp, vals = env
    d = VERBS[glyph]
    fn = (lambda x, y: d.dyad(interp, x, y)) if d.ctx else d.dyad
    for (sx, x), (sy, y) in itertools.product(vals, vals):
        _call(interp, fn, (x, y), f"({sx}){glyph}({sy})")


@pytest.mark.parametrize("glyph", [g for g in VERBS if VERBS[g].monad is not None])
def test_monads_raise_only_qerror(env, glyph):
    interp, vals = env
    d = VERBS[glyph]
    fn = lambda x: d.monad.call(interp, [x])     # the monad is the keyword's Builtin
    for sx, x in vals:
        _call(interp, fn, (x,), f"{glyph}({sx})")


def test_bang_raises_only_qerror(env):
    interp, vals = env
    d = VERBS["!"]
    for (sx, x), (sy, y) in itertools.product(vals, vals):
        if sx == "0N":
            continue
        _call(interp, lambda a, b: d.dyad(interp, a, b), (x, y), f"({sx})!({sy})")


SMALL = ["5", "1 2 3", "`a", "`a`b!1 2", "([]a:1 2)", "(1 2;3 4)", "::", "1", "`b", "0 1",
         "(+)", "neg", "{x}", "(:)", '"ab"', "()", "1.5", "(0;1)"]


@pytest.mark.parametrize("glyph", ["@", ".", "?"])
def test_ternary_quaternary_raise_only_qerror(env, glyph):
    interp, _ = env
    vals = [(s, interp.eval(s)) for s in SMALL]
    more = VERBS[glyph].more
    for (sa, a), (sb, b), (sc, c) in itertools.product(vals, vals, vals):
        _call(interp, lambda *xs: more(interp, *xs), (a, b, c), f"{glyph}[{sa};{sb};{sc}]")
    four = vals[:9]
    for combo in itertools.product(four, four, [(s, interp.eval(s)) for s in ("(:)", "(+)", "neg", "1")], four):
        _call(interp, lambda *xs: more(interp, *xs), [v for _, v in combo],
              f"{glyph}[{';'.join(s for s, _ in combo)}]")
