"""qSQL: select / exec / update / delete (q-subset.md §10)."""
from .errors import QError


def compile_query(interp, node, unit):
    def run(fr):
        e = QError("nyi")
        interp._locate(e, node.pos, unit)
        raise e
    return run
