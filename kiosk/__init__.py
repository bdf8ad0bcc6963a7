"""Tech Bar core: pure Python, never imports Qt or the ui package."""
