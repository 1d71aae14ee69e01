"""The q process around the language: `\\` system commands and the .z names (commands),
script loading (script), and the .Q functions (qnames)."""
