"""Everything that touches the world: microphone, recognizer, speech, files, CLI."""
