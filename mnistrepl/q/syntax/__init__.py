"""q source text to syntax trees: lexer (tokens), literals (numbers, temporals), nodes
(the tree) and parser. Knows values and errors only."""
