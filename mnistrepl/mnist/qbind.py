"""q bindings of the MNIST helpers: mnist[], digits[], showdigit (installed by Session)."""


def install(session):
    """Add the MNIST functions to the session's interpreter."""
