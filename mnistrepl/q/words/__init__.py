"""q's keywords, each a function registered once in registry.KEYWORDS with its name and
rank: core (lists, types, evaluation, output), math, lists (set and search words),
aggregates, text, sv/vs and files. Importing this package registers them all; the
interpreter imports it when built."""
from . import aggregates, core, files, lists, math, sv_vs, text  # noqa: F401
from . import bins, env, linalg, sequence, stats, windows  # noqa: F401
