"""Where papers come from: one parser per format, one client per service.

Every parser returns `PaperRecord`s (record.py) and raises PaperDigestError with one line
naming the source and what was expected; nothing here writes a file (commands/importer.py does).
"""
