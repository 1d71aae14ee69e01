"""Control constructs: `$[c;t;f]`, `if`, `do`, `while` (q-subset.md §3.6)."""
from ..errors import QError
from ..values import IDENTITY, Atom, INTEGRAL, truth

SAMPLE = 63     # a loop samples memory (check_stop) every 64 steps; Ctrl-C it sees at each


def compile_cond(interp, node, unit):
    parts = [(lambda fr: IDENTITY) if a is None else interp.compile(a, unit) for a in node.args]
    pos = node.pos
    if len(parts) < 3 and len(parts) != 1:
        def bad(fr):
            e = QError("rank")
            interp._locate(e, pos, unit)
            raise e
        return bad

    def run(fr):
        i = 0
        while i + 1 < len(parts):
            c = parts[i](fr)
            try:
                ok = truth(c)
            except QError as e:
                interp._locate(e, pos, unit)
                raise
            if ok:
                return parts[i + 1](fr)
            i += 2
        return parts[i](fr) if i < len(parts) else IDENTITY
    return run


def compile_control(interp, node, unit):
    if not node.args or node.args[0] is None:
        def bad(fr):
            e = QError("rank")
            interp._locate(e, node.pos, unit)
            raise e
        return bad
    cond = interp.compile(node.args[0], unit)
    body = [interp.compile(a, unit) for a in node.args[1:] if a is not None]
    pos, word = node.pos, node.word

    def test(fr):
        c = cond(fr)
        try:
            return truth(c)
        except QError as e:
            interp._locate(e, pos, unit)
            raise

    if word == "if":
        def run_if(fr):
            if test(fr):
                for b in body:
                    b(fr)
            return IDENTITY
        return run_if
    if word == "while":
        def run_while(fr):
            while test(fr):
                interp.check_stop()
                for b in body:
                    b(fr)
            return IDENTITY
        return run_while

    def run_do(fr):
        n = cond(fr)
        if not isinstance(n, Atom) or -n.t not in INTEGRAL:
            e = QError("type")
            interp._locate(e, pos, unit)
            raise e
        if len(body) == 1:
            step = body[0]
            for i in range(max(0, int(n.v))):
                if i & SAMPLE == 0 or interp.stop_requested:
                    interp.check_stop()
                step(fr)
            return IDENTITY
        for i in range(max(0, int(n.v))):
            if i & SAMPLE == 0 or interp.stop_requested:
                interp.check_stop()
            for b in body:
                b(fr)
        return IDENTITY
    return run_do
