"""The k-api's torch-free core: the api registry, handles and the objects they name, the
per-session state and events, and the parsing of api arguments. Nothing here loads torch."""
