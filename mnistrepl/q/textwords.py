"""Text keywords (q-subset.md §6 Text): lower, upper, trim, like, ss, ssr, sv, vs."""
from .registry import KEYWORDS  # noqa: F401
