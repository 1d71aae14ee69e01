"""How values and errors look: the console and compact forms (display) and the error
block printed at the console (report). Pure text, never prints."""
