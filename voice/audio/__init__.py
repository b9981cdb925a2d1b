"""Audio I/O: devices, sources and sinks of sound, and the one resampler."""
