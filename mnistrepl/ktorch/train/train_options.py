"""Model training/testing options (ktorch-api.md 7.2): the tables behind `train` / `test`.

    o = new_options(True)                      # train defaults, Python values
    get_all(o, True, alloptions=True)          # q dictionary in ktorch's order
    set_many(o, True, "train", ["batchsize", "shuffle"], [Atom(-J,100), Atom(-B,True)])

Options are kept as a plain dict of Python values; setting is all-or-nothing (a copy is
changed, then swapped in). No torch here.
"""
import numpy as np

from mnistrepl.q.errors import QError
from mnistrepl.q.values import (B, E, F, H, I, J, S, Atom, Dict, List, Vec, IDENTITY, from_items,
                        items, symvec)
from ..core.args import kind

METRICS = ("loss", "batchloss", "accuracy", "matches", "predict", "output", "hidden",
           "hiddencell")
# (name, train default, test default or None when train-only); display order
TABLE = (
    ("batchsize", 32, 100), ("task", 0, 0), ("tasks", 1, 1), ("droplast", False, False),
    ("hidden", False, False), ("shuffle", False, None), ("shufflecuda", False, None),
    ("shuffleseed", 0, None), ("sync", False, None), ("clipgroup", False, None),
    ("clipnorm", None, None), ("clipvalue", None, None), ("tensor", False, False),
    ("dictionary", False, False), ("metrics", ("loss",), ("loss",)),
)
TRAIN_ONLY = {"shuffle", "shufflecuda", "shuffleseed", "sync", "clipgroup", "clipnorm",
              "clipvalue"}
NAMES = [t[0] for t in TABLE]


def new_options(train):
    """Default option dict for training (train=True) or testing."""
    return {n: (a if train else b) for n, a, b in TABLE if train or n not in TRAIN_ONLY}


def check_name(name, train):
    """The option name, or 'unrecognized train/test setting: name."""
    if name not in NAMES or (not train and name in TRAIN_ONLY):
        raise QError(f"unrecognized {'train' if train else 'test'} setting: {name}")
    return name


# ---------------------------------------------------------------- get

def q_value(o, name):
    """q value of one option: longs, booleans, `::` for unset clip options, symbols."""
    v = o[name]
    if name == "metrics":
        return symvec(list(v))
    if name == "clipnorm":
        return IDENTITY if v is None else Vec(F, np.array(v, dtype=np.float64))
    if name == "clipvalue":
        return IDENTITY if v is None else Atom(-F, np.float64(v))
    if isinstance(v, bool):
        return Atom(-B, np.bool_(v))
    return Atom(-J, np.int64(v))


def get_all(o, train, alloptions=True):
    """`train m`: dictionary of every option (unset clip options left out unless all)."""
    names = [n for n in NAMES if n in o
             and (alloptions or n not in ("clipnorm", "clipvalue") or o[n] is not None)]
    return Dict(symvec(names), List([q_value(o, n) for n in names]))


def get_some(o, train, names):
    """`` train(m;`a`b) ``: dictionary of the named options."""
    vals = [q_value(o, check_name(n, train)) for n in names]
    return Dict(symvec(list(names)), from_items(vals))


# ---------------------------------------------------------------- set

def _long(name, x):
    if isinstance(x, Atom) and -x.t in (H, I, J):
        return int(x.v)
    raise QError(f"{name}: expects one long integer, given {kind(x)}")


def _bool(name, x):
    if isinstance(x, Atom) and x.t == -B:
        return bool(x.v)
    raise QError(f"{name}: expects one boolean, given {kind(x)}")


def _num(x):
    if isinstance(x, Atom) and -x.t in (H, I, J, E, F):
        return float(x.v)
    return None


def _empty(x):
    return x is IDENTITY or (isinstance(x, (List, Vec)) and len(items(x)) == 0)


def _clipnorm(name, x):
    """max norm, or (maxnorm;normtype); empty clears."""
    if _empty(x):
        return None
    f = _num(x)
    if f is not None:
        return (f, 2.0)
    its = items(x) if isinstance(x, (List, Vec)) else []
    if isinstance(x, (List, Vec)) and all(_num(i) is not None for i in its):
        if len(its) != 2:
            raise QError(f"{name}: expecting 1-2 numbers, given {len(its)}")
        return (_num(its[0]), _num(its[1]))
    raise QError(f"{name}: expecting 1-2 numbers, long integers or doubles, given {kind(x)}")


def _metrics(name, x):
    if _empty(x):
        return ()
    if isinstance(x, Atom) and x.t == -S:
        names = [x.v]
    elif isinstance(x, Vec) and x.t == S:
        names = list(x.a)
    else:
        raise QError(f"{name}: expects symbol(s), given {kind(x)}")
    for n in names:
        if n not in METRICS:
            raise QError(f"unrecognized metric: {n}")
    return tuple(names)


def set_one(o, train, name, x):
    """Set option `name` of dict o from q value x (o changed in place)."""
    name = check_name(name, train)
    if name in ("batchsize", "task", "shuffleseed"):
        n = _long(name, x)
        if n < 0:
            raise QError(f"{name}: cannot be less than zero, given {n}")
        o[name] = n
    elif name == "tasks":
        n = _long(name, x)
        if n < 1:
            raise QError(f"{name}: cannot be less than one, given {n}")
        o[name] = n
    elif name == "clipnorm":
        o[name] = _clipnorm(name, x)
        if o[name] is not None:
            o["clipvalue"] = None
    elif name == "clipvalue":
        if _empty(x):
            o[name] = None
        else:
            f = _num(x)
            if f is None:
                raise QError(f"{name}: expecting number for maximum gradient, given {kind(x)}")
            o[name], o["clipnorm"] = f, None
    elif name == "metrics":
        o[name] = _metrics(name, x)
    else:
        o[name] = _bool(name, x)


def _check(o, owner):
    if o["task"] >= o["tasks"]:
        raise QError(f"{owner}: task {o['task']} implies at least {o['task'] + 1} tasks, "
                     f"but only {o['tasks']} defined")
    if o["tasks"] > 1 and not o["batchsize"]:
        raise QError(f"{owner}: zero batchsize incompatible with {o['tasks']} tasks")


def set_many(o, train, owner, names, values):
    """Set several options from parallel names / q values; all or nothing. Returns the
    new option dict (o itself is left unchanged on error)."""
    new = dict(o)
    for name, x in zip(names, values):
        set_one(new, train, name, x)
    _check(new, owner)
    return new


def values_of(owner, names, y):
    """The q values for `names` from the 3rd argument of train(m;names;values)."""
    if isinstance(y, (Atom, Dict)) or y is IDENTITY:
        raise QError(f"{owner}: unable to set values from {kind(y)}")
    its = items(y)
    if len(its) != len(names):
        raise QError(f"{owner}: {len(names)} symbol(s) but {len(its)} value(s)")
    return its
