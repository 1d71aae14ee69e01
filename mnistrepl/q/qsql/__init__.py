"""Tables and queries: table literals and fby (tables), phrase frames, grouping and
column merging (rows), select/exec/update/delete compiled into closures (query), row
matching (keyfind), the table keywords (keyed, insert) and joins (joins, asof).
Importing the package registers its keywords."""
from . import asof, insert, joins, keyed, tables  # noqa: F401
