"""ktorch's k-api re-created on PyTorch (ktorch-api.md). torch is imported on first use."""
