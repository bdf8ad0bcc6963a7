"""The PySide6 user interface: views per role, table models, the task runner, the theme."""
