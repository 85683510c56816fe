"""Domain modules of Trợ lý thủ tục: the procedure catalog, Vietnamese text handling, dossiers.

Nothing here imports Rasa, the speech engines or the channels, so the action server and the speech
layer can both depend on it.
"""
