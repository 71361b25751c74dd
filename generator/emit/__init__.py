"""Stage 4, emit: each emitter returns the files it would write, and writes nothing."""
