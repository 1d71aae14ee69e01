"""Tensors, vectors and dictionaries of tensors (ktorch-api.md 1-3): conversion to and from
q, creation, fills, batching, devices, object sizes, input forms and images."""
