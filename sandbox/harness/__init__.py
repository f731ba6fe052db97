"""Files copied into every box: the wire format and the runner. Standard library and NumPy only."""
