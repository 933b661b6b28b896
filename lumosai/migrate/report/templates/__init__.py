"""HTML report template and its inline CSS/JS (package data)."""
