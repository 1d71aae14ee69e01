"""The operator glyphs' primitives and the machinery they share: atomic pervasion and
numeric promotion (atomic), indexing and amend, take/drop/find (shape), cast, the unary
k forms (unary), match/join/fill (join), dictionaries and keyed tables (dicts), `@`/`.`
application with trap and amend (apply), internal functions and output handles.
Functions that need the evaluator receive the interpreter as their first argument."""
