"""Modules (ktorch-api.md 4-5): the layer catalogue, ktorch's own containers, building
from k values, definitions and text forms, forward calculation, and losses."""
