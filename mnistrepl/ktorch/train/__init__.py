"""Optimizers and models (ktorch-api.md 6-7): optimizers (with LAMB), models with their
train/test options and data, the training loop, gradients and weight averaging."""
