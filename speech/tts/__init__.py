"""Text-to-speech engines behind one streaming interface (:mod:`speech.tts.base`)."""
