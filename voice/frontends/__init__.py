"""Front ends: the command line, the typed and spoken checks, `serve`, `detect`, `model`."""
