"""Speech output: synthesis (pyttsx3) and the voice that plays it."""
