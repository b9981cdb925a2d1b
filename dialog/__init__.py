"""The skill's brain: protocol data, understanding, red flags, rules, dialogue.

Pure and deterministic: text in, events out. Never imports `voice`.
"""
