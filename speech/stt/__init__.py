"""Speech-to-text engines behind one streaming interface (:mod:`speech.stt.base`)."""
