"""The q layer's only door to the outside: the session passes a host object with
`write(fd, text)` (fd 1 stdout, 2 stderr) and the q layer never prints by itself; its
`access` (access.py) says which files and OS commands the session may use.
BufferHost collects output, for tests and for `value` of code that prints."""
from .access import Access


class BufferHost:
    def __init__(self, access=None):
        self.out = []
        self.access = access or Access()

    def write(self, fd, text):
        self.out.append((fd, text))

    def write_line(self, fd, text):
        self.write(fd, text + "\n")

    def text(self, fd=None):
        return "".join(t for f, t in self.out if fd is None or f == fd)
