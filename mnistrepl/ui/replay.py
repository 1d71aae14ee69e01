"""Non-interactive front end: read q lines from a stream, print results like the q
console, go on after errors; exit status 0 when no error occurred, else 1."""


def replay(session, stream, echo=False):
    for raw in stream:
        line = raw.rstrip("\n").rstrip("\r")
        if echo:
            session.host.write(1, session.prompt + line + "\n")
        try:
            session.execute(line)
        except SystemExit as e:
            return e.code if isinstance(e.code, int) else (1 if session.errors else 0)
    return 1 if session.errors else 0
