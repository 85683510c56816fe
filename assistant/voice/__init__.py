"""The voice loop: microphone or file → end-pointing → speech-to-text → dialogue → text-to-speech → speaker.

One :class:`~assistant.voice.session.VoiceSession` serves every voice channel (kiosk, file, later the
phone line). It wires the engines of :mod:`speech` to the Rasa assistant over its REST channel; it
never imports Rasa, so a voice front end can run on a different machine from the dialogue.
"""
