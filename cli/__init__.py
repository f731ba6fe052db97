"""The top floor: the `katagrad` command, which imports every other room (nothing imports it)."""
