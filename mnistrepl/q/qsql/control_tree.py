"""Control statements in parse trees (code.kx.com/q/basics/parsetrees): `parse "if[c;e]"`
is (`if;c;e), the control word a symbol as k keeps it; `do` and `while` alike. Several
statements are (";";e1;e2..), the head a char. `eval` runs them as the statements would:
a control statement's value is the generic null, a block's its last statement's.
Assignments: a:v is (:;`a;v), a[i;j]:v (:;(`a;i;j);v); a modified assignment a+:v is
(+:;`a;v), the unary form of the operator with two arguments, a[i]+:v (+:;(`a;i);v).
A signal 'x is ("'";x), the head a char as for a block."""
from ..errors import QError
from ..functions import Builtin, Prim
from ..values import C, IDENTITY, INTEGRAL, S, Atom, List, Vec, truth

WORDS = ("if", "do", "while")
SAMPLE = 63          # as the compiled loops: look for Ctrl-C and memory every 64 steps


def is_control(f):
    """Is f the head of a control tree: a control word's symbol, a block's ";" or a
    signal's "'"."""
    return isinstance(f, Atom) and ((f.t == -S and f.v in WORDS) or
                                    (f.t == -C and chr(int(f.v)) in ";'"))


def run(interp, f, args, ev):
    """The value of tree (f;args..) when is_control(f); ev evaluates a subtree."""
    if f.t == -C and chr(int(f.v)) == "'":
        raise _signal(ev(args[0]) if len(args) == 1 else IDENTITY)
    if f.t == -C:
        v = IDENTITY
        for a in args:
            v = ev(a)
        return v
    if not args:
        raise QError("rank")
    cond, body = args[0], args[1:]
    if f.v == "if":
        if truth(ev(cond)):
            for b in body:
                ev(b)
    elif f.v == "while":
        while truth(ev(cond)):
            interp.check_stop()
            for b in body:
                ev(b)
    else:
        _do(interp, ev, ev(cond), body)
    return IDENTITY


def _signal(x):
    """The error 'x signals: a symbol's name or a string; anything else is 'stype."""
    if isinstance(x, Atom) and x.t == -S:
        return QError(x.v)
    if isinstance(x, Vec) and x.t == C:
        return QError(x.a.tobytes().decode("utf-8", "replace"))
    return QError("stype")


def _do(interp, ev, n, body):
    if not isinstance(n, Atom) or -n.t not in INTEGRAL:
        raise QError("type")
    for i in range(max(0, int(n.v))):
        if i & SAMPLE == 0 or interp.stop_requested:
            interp.check_stop()
        for b in body:
            ev(b)


def assign_op(f, args):
    """The operator of an assignment tree (f;target;value): ":" for (:;..), "+" for
    (+:;..); None when (f;args..) is not one."""
    if len(args) != 2 or _target(args[0]) is None:
        return None
    if isinstance(f, Prim) and f.glyph == ":":
        return ":"
    if isinstance(f, Builtin) and len(f.name) == 2 and f.name[1] == ":":
        return f.name[0]
    return None


def _target(t):
    """The name a target tree assigns: `a, or (`a;i..) for a[i..]; None if neither."""
    if isinstance(t, Atom) and t.t == -S:
        return t.v
    if isinstance(t, List) and len(t.items) > 1 and isinstance(t.items[0], Atom) \
            and t.items[0].t == -S:
        return t.items[0].v
    return None


def assign(interp, op, target, tree, ev):
    """Run an assignment tree on a global; its value is the value assigned, as a:v's."""
    v = ev(tree)
    name = _target(target)
    if isinstance(target, List):
        idx = [ev(i) for i in target.items[1:]]
        fn = interp.verb_value(op)
        interp.apply(interp.verb_value("."), [Atom(-S, name), List(idx), fn, v])
    elif op == ":":
        interp.assign_global(name, v)
    else:
        v = _modify(interp, op, name, v)
    return v


def _modify(interp, glyph, name, v):
    """The global name becomes (name op v), or v when name is undefined, as `a+:1` does."""
    try:
        cur = interp.lookup(name)
    except QError:
        cur = None
    new = v if cur is None else interp.apply(interp.verb_value(glyph), [cur, v])
    interp.assign_global(name, new)
    return new
