"""Tables and queries: table literals and fby (tables), phrase frames, grouping and
column merging (rows), and select/exec/update/delete compiled into closures (query)."""
