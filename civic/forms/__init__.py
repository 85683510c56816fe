"""Procedure forms declared as data (``specs/<code>.yml``) and the generic engine that fills them.

``civic.forms.engine`` asks one question per turn, checks and reads back each answer, handles "sửa …",
"quay lại" and "làm lại từ đầu", and keeps its state in a JSON-serialisable ``DossierDraft``;
``civic.forms.closing`` tells the citizen the papers, fee and processing time at the end. Pure
Python: no Rasa imports, no I/O beyond reading the shipped data files on first use.
"""
