"""The evaluator: the glyph table (glyphs), the compiler from syntax trees to closures,
assignment, control constructs and the iterators (each, over, scan ...). The Interp class
in interp.py mixes the compiler in."""
