"""The k-api's one registry: each api function is registered where it is written,

    @API.qfunc("tensor", 1)
    def tensor(k, x): ...

the way q's keywords are (mnistrepl.q.registry). An implementation has the signature
`fn(k, x)`: `k` is the session's Api state (state.py), `x` the one q argument
(ktorch-api.md: every api function is unary; `f[]` passes `::`, `f()` the empty list);
`use` alone is binary, `fn(k, x, y)`. ktorch/bind.py imports the implementing modules
(none loads torch at import) and gives each session a wrapper per registered name.

EXTRA holds the names a session gets that ktorch's `fns` does not list (`outdir`, `gif`):
registered the same way, installed beside the api, left out of `` `ktorch 2:`fns,1 ``.
"""
from mnistrepl.q.registry import Registry

API = Registry()
EXTRA = Registry()
