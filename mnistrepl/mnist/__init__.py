"""MNIST files and pictures: NumPy and Pillow only, nothing of q, torch or the terminal."""
