"""The one-stop office's side of the dossier store: the ``assistant dossiers`` CLI and the JSON API."""
