"""mnistrepl: ktorch's MNIST q session on Python and PyTorch."""
__version__ = "0.1"
