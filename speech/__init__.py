"""Offline Vietnamese speech: audio I/O, speech-to-text and text-to-speech engines, end-pointing.

Engines sit behind small interfaces (``speech.stt.base``, ``speech.tts``) so the voice loop does not
care which model is installed. Nothing here imports Rasa or the assistant; errors carry a stable
code and a spoken Vietnamese message (``speech.errors``).
"""
