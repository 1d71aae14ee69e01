"""Non-interactive front end: read q lines from a stream, print results like the q
console, go on after errors; exit status 0 when no error occurred, else 1.

`\\\\` ends the replay with that status too; `exit n` ends it with status n.
"""


def replay(session, stream, echo=False, prompt=False):
    """Run every line of `stream` in `session`; the process exit status.

    echo: write the prompt (`q)`, `q))` in the debugger) and the line before its result,
    so the output reads like a console transcript. prompt: write the bare prompt before
    reading each line (a terminal with no interactive front end)."""
    while True:
        if prompt:
            session.host.write(1, session.prompt)
        try:
            raw = stream.readline()
        except KeyboardInterrupt:     # Ctrl-C at a terminal prompt drops the line
            if not prompt:
                raise
            session.host.write(1, "\n")
            continue
        if not raw:
            break
        line = raw.rstrip("\n").rstrip("\r")
        if echo:
            session.host.write(1, session.prompt + line + "\n")
        try:
            session.execute(line)
        except SystemExit as e:
            return session.exit_status(e.code)
    if prompt:
        session.host.write(1, "\n")
    return session.exit_status()
