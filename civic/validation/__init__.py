"""Validation and normalisation of dossier fields collected by voice, one question per turn.

Every validator takes the raw answer (typed or recognised speech), never raises on bad input, never
logs it, and returns a ``ValidationResult``: ok + normalised value + a speakable display, or an error
code + a short Vietnamese message saying what is expected, with an example.

Modules: ``names`` (họ và tên), ``dates`` (ngày sinh, ngày mất, trẻ dưới 6 tuổi), ``identity`` (số
định danh cá nhân), ``phone`` (di động), ``sex``, ``relationship``, ``choices`` (danh sách, có/không),
``free_text``, ``address`` (with the 2025 administrative units). They are imported from their modules,
so using one does not load the others.
"""
