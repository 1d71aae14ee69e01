"""q bindings of the MNIST helpers (installed in every session by Session):

    d:mnist[]              / dictionary `x`y`X`Y of shorts from the default directory
    d:mnist`:data          / or from a given one (`data and "data" work too)
    showdigit . d`x`y      / a random label and its image as * art
    n:digits[]             / ten 28x28 short images of printed digits 0-9
    mismatches[p;Y]        / true digit -> sorted wrong predictions

`mnist` and `digits` are natives over the pure readers load.py and digits.py. What is
natural in q (showdigit, mismatches) is written in q once, in the packaged helpers.q: each
definition there is compiled at session start and installed as a built-in name, so a plain
session has it without loading a file and it stays out of `\\v`. commands/mnist.q defines
the same text as globals for scripts that `\\l` it (tests keep the two in step).

Default data directory of `mnist[]` (product.md §4): `data/` beside the script `.z.f`
when that exists, else the --data option, else $MNIST_DATA, else the project's `data/`,
else `data/` in the current directory.
"""
import os
from pathlib import Path

import numpy as np

from ..q.errors import QError
from ..q.functions import Lambda
from ..q.syntax.nodes import LambdaNode
from ..q.registry import Registry
from ..q.system.script import statements
from ..q.values import IDENTITY, Atom, Dict, List, Vec, symvec
from .digits import glyphs
from .load import MnistError, load

H = 5                                            # q type of shorts
HELPERS = Path(__file__).with_name("helpers.q")
PROJECT_DATA = Path(__file__).resolve().parents[2] / "data"


def install(session):
    """Add mnist, digits and the q helpers to the session's interpreter."""
    reg = Registry()
    reg.add("mnist", lambda interp, x: mnist(session, x), 1, ctx=True)
    reg.add("digits", lambda interp, x: digits(x), 1, ctx=True)
    for name, lam in q_helpers(session.interp):
        reg.entries[name] = lam
    session.interp.install(reg)


def q_helpers(interp):
    """(name, lambda) of each `name:{...}` definition in helpers.q. Only parsed here (a
    lambda compiles on its first call), so a session starts without running q code."""
    out = []
    for _, stmt in statements(HELPERS.read_text()):
        name, _, src = stmt.partition(":")
        (node,) = interp.parser.parse(src)
        if not isinstance(node, LambdaNode):
            raise ValueError(f"helpers.q: {name} is not a lambda")
        out.append((name.strip(), Lambda(node)))
    return out


# ---------------------------------------------------------------- mnist
def mnist(session, x):
    """`mnist[]` / ``mnist`:dir``: the four idx files as `x`y`X`Y shorts.

    q)count each mnist[]
    x| 47040000
    y| 60000
    X| 7840000
    Y| 10000
    """
    directory = session.host.access.check_read(data_dir(session, x))
    try:
        raw = load(directory)
    except MnistError as e:
        raise QError(str(e)) from None
    keys = ["x", "y", "X", "Y"]
    return Dict(symvec(keys), List([Vec(H, raw[k].astype(np.int16)) for k in keys]))


def data_dir(session, x):
    """The directory named by mnist's argument, or the default one for (::) and `."""
    if isinstance(x, Atom) and x.t == -11 and x.v:
        return x.v[1:] if x.v.startswith(":") else x.v
    if isinstance(x, Vec) and x.t == 10:
        path = x.a.tobytes().decode("utf-8", "surrogateescape")
        return path[1:] if path.startswith(":") else path
    if x is IDENTITY or (isinstance(x, Atom) and x.t == -11):
        return default_dir(session)
    raise QError("type")


def default_dir(session):
    """data/ beside .z.f, --data, $MNIST_DATA, the project's data/, ./data (product.md §4)."""
    script = session.interp.globals.get(".z.f")
    if isinstance(script, Atom) and script.t == -11 and script.v:
        beside = os.path.join(os.path.dirname(script.v.lstrip(":")), "data")
        if os.path.isdir(beside):
            return beside
    for given in (session.options.get("data"), os.environ.get("MNIST_DATA")):
        if given:
            return str(given)
    for cand in (PROJECT_DATA, Path("data")):
        if cand.is_dir():
            return str(cand)
    raise QError("mnist: no data directory: give mnist`:dir, --data DIR or $MNIST_DATA")


# ---------------------------------------------------------------- digits
def digits(x):
    """`digits[]`: ten 28x28 short matrices (0 background, 255 ink) of digits 0-9.

    q)(count;{count first x})@\\:digits[]
    10 28
    """
    if x is not IDENTITY:
        raise QError("type")
    return List([List([Vec(H, row.astype(np.int16)) for row in g]) for g in glyphs()])
