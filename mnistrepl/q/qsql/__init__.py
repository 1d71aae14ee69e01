"""Tables and queries: table literals and fby (tables), phrase frames, grouping and
column merging (rows), select/exec/update/delete compiled into closures (query), row
matching (keyfind), grouping and per-group aggregates (grouping), the table keywords
(keyed, insert), joins (joins, asof), functional forms (functional) and parse/eval (parse).
Importing the package registers its keywords."""
from . import asof, insert, joins, keyed, parse, tables  # noqa: F401
